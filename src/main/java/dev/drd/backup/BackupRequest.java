package dev.drd.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * Start of a backup. Holds no secret: the daemon resolves the target's connection by name.
 *
 * @param scheduledAt the schedule's fire time, or null for a backup started by hand
 * @param dumpTimeout how long one dump attempt may take
 */
public record BackupRequest(String target, Instant scheduledAt, Duration dumpTimeout) {}
