package dev.drd.drill;

import dev.drd.archive.PitrResult;
import dev.drd.archive.RecoveryTarget;
import dev.drd.config.Durations;
import dev.drd.config.Objectives;
import dev.drd.restore.RestoreResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a drill: it passes when the restore was verified and its RTO and RPO are within the
 * target's objectives (an objective not set is not judged).
 */
public final class DrillVerdict {
  private DrillVerdict() {}

  public static DrillReport judge(
      DrillOutcome outcome, Objectives objectives, String reportKey, Instant finishedAt) {
    RestoreResult restore = outcome.restore();
    PitrResult pitr = outcome.pointInTime();
    Duration rto =
        restore != null ? restore.recoveryTime() : pitr != null ? pitr.recoveryTime() : null;
    Duration rpo = restore != null ? restore.backupAge() : pitr != null ? pointLag(pitr) : null;
    Boolean rtoMet = within(rto, objectives.rto());
    Boolean rpoMet = within(rpo, objectives.rpo());
    boolean passed =
        outcome.failureType() == null
            && !Boolean.FALSE.equals(rtoMet)
            && !Boolean.FALSE.equals(rpoMet);
    return new DrillReport(
        outcome.target(),
        outcome.workflowId(),
        passed,
        summary(outcome, rto, rpo, objectives, rtoMet, rpoMet, passed),
        outcome.startedAt(),
        finishedAt,
        restore != null ? restore.backupKey() : pitr != null ? pitr.baseBackupKey() : null,
        restore != null
            ? restore.backupTakenAt()
            : pitr != null ? pitr.baseBackupFinishedAt() : null,
        outcome.server(),
        outcome.scratchDatabase(),
        outcome.scratchDropped(),
        rto,
        rpo,
        objectives.rto(),
        objectives.rpo(),
        rtoMet,
        rpoMet,
        restore != null ? restore.verification() : pitr != null ? pitr.verification() : null,
        outcome.failureType(),
        outcome.failureMessage(),
        reportKey,
        pitr == null
            ? null
            : new DrillPoint(
                pitr.at(),
                pitr.point(),
                pitr.reachedLsn(),
                pitr.reachedCommitTime(),
                pitr.timeline()));
  }

  /**
   * A drill to latest measures the RPO as the archive's lag when it began: what a disaster then
   * would have lost. A drill to a chosen point measures no RPO.
   */
  private static Duration pointLag(PitrResult pitr) {
    return RecoveryTarget.LATEST.equals(pitr.at()) ? pitr.archiveLag() : null;
  }

  private static Boolean within(Duration measured, Duration objective) {
    return measured == null || objective == null ? null : measured.compareTo(objective) <= 0;
  }

  private static String summary(
      DrillOutcome outcome,
      Duration rto,
      Duration rpo,
      Objectives objectives,
      Boolean rtoMet,
      Boolean rpoMet,
      boolean passed) {
    List<String> parts = new ArrayList<>();
    if (outcome.failureType() != null) {
      parts.add("[%s] %s".formatted(outcome.failureType(), outcome.failureMessage()));
    }
    if (rto != null) {
      parts.add("RTO %s%s".formatted(Durations.format(rto), against(objectives.rto(), rtoMet)));
    }
    if (rpo != null) {
      parts.add("RPO %s%s".formatted(Durations.format(rpo), against(objectives.rpo(), rpoMet)));
    }
    if (outcome.pointInTime() != null) {
      parts.add(
          "recovered to %s (last commit %s)"
              .formatted(
                  outcome.pointInTime().reachedLsn(),
                  outcome.pointInTime().reachedCommitTime() == null
                      ? "none replayed"
                      : outcome.pointInTime().reachedCommitTime()));
    }
    if (!outcome.scratchDropped()) {
      parts.add("scratch database %s NOT dropped".formatted(outcome.scratchDatabase()));
    }
    return "drill of %s %s: %s"
        .formatted(outcome.target(), passed ? "passed" : "FAILED", String.join(", ", parts));
  }

  private static String against(Duration objective, Boolean met) {
    if (objective == null) {
      return " (no objective)";
    }
    return " (objective %s: %s)".formatted(Durations.format(objective), met ? "met" : "MISSED");
  }
}
