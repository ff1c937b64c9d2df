package dev.drd.drill;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "Drill")
public interface DrillActivities {
  /** Drops the scratch database if it exists; true when it existed. */
  boolean dropScratch(ScratchRequest request);

  /** Judges the outcome against the target's objectives, writes the report, records metrics. */
  DrillReport writeReport(DrillOutcome outcome);
}
