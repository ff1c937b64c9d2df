package dev.drd.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * Start of a backup. Holds no secret: the daemon resolves the target's connection by name.
 *
 * @param scheduledAt the schedule's fire time, or null for a backup started by hand
 * @param dumpTimeout how long one dump attempt may take
 * @param startDelay a durable wait before the backup begins ({@code backup.jitter}); null for none
 */
public record BackupRequest(
    String target, Instant scheduledAt, Duration dumpTimeout, Duration startDelay) {
  public BackupRequest(String target, Instant scheduledAt, Duration dumpTimeout) {
    this(target, scheduledAt, dumpTimeout, null);
  }
}
