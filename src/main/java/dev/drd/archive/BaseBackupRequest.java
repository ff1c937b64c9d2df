package dev.drd.archive;

import java.time.Duration;
import java.time.Instant;

/**
 * @param timestamp names the base backup's objects (its workflow's start, or its fire time)
 * @param runTag the workflow run's short id, so that two base backups of one second are two
 * @param walWait how long the backup waits for the archive to hold its WAL before it fails
 */
public record BaseBackupRequest(String target, Instant timestamp, String runTag, Duration walWait) {
  public static final Duration DEFAULT_WAL_WAIT = Duration.ofMinutes(10);
}
