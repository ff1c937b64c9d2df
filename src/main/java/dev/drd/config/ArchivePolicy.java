package dev.drd.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The continuous WAL archive of a target's server: WAL streamed through a physical replication slot
 * into the bucket. A target without {@code archive:} has none.
 *
 * @param user the role that streams WAL (needs REPLICATION); the target's user when not given
 * @param passwordEnv the environment variable holding its password (with {@code user}; without
 *     {@code user} the target's secret is used)
 * @param slot the physical replication slot that keeps WAL on the server until it is archived;
 *     {@code drd_<target>} when not given
 * @param maxDelay the archive's RPO: the WAL being written is uploaded at least this often
 * @param baseBackupSchedule cron of the server's base backups (in the backup's time zone); none
 *     means base backups by hand only ({@code drd archive backup})
 * @param recoveryWindow how far back a point-in-time restore must reach (default 7 days): retention
 *     keeps the newest base backup older than that, every one since, and the WAL from the oldest
 *     kept one's start, and removes the rest
 */
public record ArchivePolicy(
    String user,
    String passwordEnv,
    Path passwordFile,
    String slot,
    Duration maxDelay,
    String baseBackupSchedule,
    Duration recoveryWindow) {
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RECOVERY_WINDOW = Duration.ofDays(7);

  public ArchivePolicy {
    maxDelay = maxDelay != null ? maxDelay : DEFAULT_MAX_DELAY;
    recoveryWindow = recoveryWindow != null ? recoveryWindow : DEFAULT_RECOVERY_WINDOW;
  }

  /** The slot's name for this target: the configured one, else {@code drd_<target>}. */
  public String slotFor(String target) {
    return slot != null ? slot : "drd_" + target.replace('-', '_');
  }
}
