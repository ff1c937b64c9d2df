package dev.drd.drill;

import dev.drd.config.Objectives;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Drill activities that judge like the real ones but keep reports in memory. */
public class FakeDrillActivities implements DrillActivities {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  final List<ScratchRequest> dropped = new CopyOnWriteArrayList<>();
  final List<DrillReport> reports = new CopyOnWriteArrayList<>();
  private final Objectives objectives;

  public FakeDrillActivities(Objectives objectives) {
    this.objectives = objectives;
  }

  @Override
  public boolean dropScratch(ScratchRequest request) {
    calls.add("dropScratch");
    dropped.add(request);
    return true;
  }

  @Override
  public DrillReport writeReport(DrillOutcome outcome) {
    calls.add("writeReport");
    DrillReport report =
        DrillVerdict.judge(
            outcome, objectives, "drills/" + outcome.stamp() + ".json", Instant.now());
    reports.add(report);
    return report;
  }
}
