package dev.drd.failover;

import java.time.Instant;
import java.util.List;

/**
 * Where a failover stands, for {@code drd failover status}.
 *
 * @param state PREFLIGHT, AWAITING_APPROVAL, RUNNING, WAITING_FOR_OPERATOR, COMPLETED, ABORTED,
 *     FAILED
 * @param approvedBy who approved, and {@code approvalReason} why; "--yes" when started so
 */
public record FailoverProgress(
    String workflowId,
    String from,
    String to,
    String state,
    Instant startedAt,
    Instant endedAt,
    String approvedBy,
    String approvalReason,
    List<StepState> steps) {}
