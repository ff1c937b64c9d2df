package dev.drd.config;

import java.time.Duration;

/**
 * How and when a target is backed up.
 *
 * @param schedule cron: five fields ({@code 0 2 * * *}), a Quartz expression, or @daily/@hourly;
 *     none means manual backups only
 * @param maxRate limit on the dump read rate, to spare the primary's I/O; none means unlimited
 * @param timeout how long one dump attempt may take
 * @param jitter spreads scheduled backups of many targets over this window: each target starts a
 *     fixed delay (from its name) after its fire time; none or 0 starts at the fire time
 * @param overlap what a backup does when one of the same target runs: {@code skip} (the default)
 *     ends it SKIPPED; {@code buffer} lets one wait for the running one to end, then run (a third
 *     is skipped)
 */
public record BackupPolicy(
    String schedule,
    String timezone,
    RetentionPolicy retention,
    Integer compressionLevel,
    DataSize maxRate,
    Duration timeout,
    Duration jitter,
    String overlap) {
  public static final String SKIP = "skip";
  public static final String BUFFER = "buffer";

  public BackupPolicy {
    timezone = timezone != null ? timezone : "UTC";
    retention = retention != null ? retention : new RetentionPolicy(null, null, null);
    compressionLevel = compressionLevel != null ? compressionLevel : 3;
    timeout = timeout != null ? timeout : Duration.ofHours(6);
    jitter = jitter != null ? jitter : Duration.ZERO;
    overlap = overlap != null ? overlap : SKIP;
  }

  /** Whether a backup that finds one running waits for it rather than being skipped. */
  public boolean buffersOverlap() {
    return BUFFER.equals(overlap);
  }
}
