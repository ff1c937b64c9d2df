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
 */
public record BackupPolicy(
    String schedule,
    String timezone,
    RetentionPolicy retention,
    Integer compressionLevel,
    DataSize maxRate,
    Duration timeout,
    Duration jitter) {

  public BackupPolicy {
    timezone = timezone != null ? timezone : "UTC";
    retention = retention != null ? retention : new RetentionPolicy(null, null, null);
    compressionLevel = compressionLevel != null ? compressionLevel : 3;
    timeout = timeout != null ? timeout : Duration.ofHours(6);
    jitter = jitter != null ? jitter : Duration.ZERO;
  }
}
