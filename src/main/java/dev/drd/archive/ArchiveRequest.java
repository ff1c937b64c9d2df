package dev.drd.archive;

import java.time.Duration;

/**
 * @param target the archived target
 * @param runFor how long one attempt streams before it hands over (the workflow continues as new,
 *     so its history stays short and a changed config is read again)
 */
public record ArchiveRequest(String target, Duration runFor) {
  public static final Duration DEFAULT_RUN = Duration.ofHours(1);
}
