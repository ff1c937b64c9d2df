package dev.drd.backup;

import java.time.Instant;

/**
 * A backup that is done: dump and manifest durable; or one that was skipped because another backup
 * of the target was running, with nothing written.
 *
 * @param retentionError why retention failed, if it did; the backup itself is complete
 * @param status {@code COMPLETED}, or {@code SKIPPED} with only target, times and {@code skipped}
 * @param skipped why it was skipped, naming the running backup
 */
public record BackupResult(
    String target,
    String key,
    String manifestKey,
    long bytes,
    long dumpBytes,
    String sha256,
    String compression,
    String lsn,
    int tables,
    long rows,
    Instant startedAt,
    Instant finishedAt,
    RetentionResult retention,
    String retentionError,
    String status,
    String skipped) {

  public static BackupResult skipped(String target, Instant at, String why) {
    return new BackupResult(
        target, null, null, 0, 0, null, null, null, 0, 0, at, at, null, null, "SKIPPED", why);
  }

  public boolean wasSkipped() {
    return "SKIPPED".equals(status);
  }
}
