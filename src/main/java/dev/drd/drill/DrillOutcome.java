package dev.drd.drill;

import dev.drd.archive.PitrResult;
import dev.drd.restore.RestoreResult;
import java.time.Instant;

/**
 * What a drill observed, for its report.
 *
 * @param restore the restore's result; also present when only its verification failed
 * @param pointInTime a point-in-time drill's result, its verification passed or not
 * @param failureType null when the restore and its verification passed
 */
public record DrillOutcome(
    String target,
    String workflowId,
    Instant startedAt,
    Instant stamp,
    String server,
    String scratchDatabase,
    boolean scratchDropped,
    RestoreResult restore,
    PitrResult pointInTime,
    String failureType,
    String failureMessage) {}
