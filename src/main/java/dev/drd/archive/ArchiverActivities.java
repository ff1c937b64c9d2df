package dev.drd.archive;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ArchiverActivities {
  /**
   * Streams the target's WAL into the archive until the request's time is up (or the daemon stops),
   * heartbeating {@link ArchiveProgress}.
   */
  ArchiveRun stream(ArchiveRequest request);
}
