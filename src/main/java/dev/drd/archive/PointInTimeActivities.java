package dev.drd.archive;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface PointInTimeActivities {
  /** Chooses the base backup and the WAL, refusing a point the archive cannot reach. */
  PitrPlan planPointInTime(PitrRequest request);

  /** Restores the base backup, replays the WAL to the point, promotes and shuts down cleanly. */
  PitrResult restorePointInTime(PitrPlan plan);
}
