package dev.drd.drill;

import dev.drd.restore.VerificationReport;
import java.time.Duration;
import java.time.Instant;

/**
 * A drill's verdict, written as JSON beside the backups ({@code <target>/drills/<stamp>.json}).
 *
 * @param recoveryTime the RTO measured: start of the download to verified
 * @param backupAge the RPO measured: age of the restored backup when the drill started
 * @param rtoMet null when the target sets no RTO objective or nothing was measured
 * @param passed restored, verified, and within both objectives
 * @param pointInTime where a point-in-time drill's recovery stopped; null for a drill of a dump
 */
public record DrillReport(
    String target,
    String workflowId,
    boolean passed,
    String summary,
    Instant startedAt,
    Instant finishedAt,
    String backupKey,
    Instant backupTakenAt,
    String server,
    String scratchDatabase,
    boolean scratchDropped,
    Duration recoveryTime,
    Duration backupAge,
    Duration rtoObjective,
    Duration rpoObjective,
    Boolean rtoMet,
    Boolean rpoMet,
    VerificationReport verification,
    String failureType,
    String failureMessage,
    String reportKey,
    DrillPoint pointInTime) {}
