package dev.drd.testing;

import dev.drd.drill.DrillReport;
import dev.drd.storage.Documents;
import java.time.Duration;
import java.time.Instant;

/** Drill reports as drills write them into the bucket. */
public final class DrillReports {
  private DrillReports() {}

  /**
   * The JSON of a drill of {@code target} that restored {@code backupKey}, taken at {@code
   * takenAt}.
   */
  public static byte[] json(String target, String backupKey, Instant takenAt, boolean passed) {
    return Documents.toJson(report(target, backupKey, takenAt, passed));
  }

  /** A drill of {@code target} that restored {@code backupKey}, taken at {@code takenAt}. */
  public static DrillReport report(
      String target, String backupKey, Instant takenAt, boolean passed) {
    return new DrillReport(
        target,
        "drill/" + target + "/manual",
        passed,
        "test",
        takenAt,
        takenAt,
        backupKey,
        takenAt,
        target,
        "drill_x",
        true,
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        null,
        null,
        null,
        null,
        null,
        passed ? null : "VERIFICATION_FAILED",
        passed ? null : "mismatch",
        target + "/drills/20261124T050000Z.json",
        null);
  }
}
