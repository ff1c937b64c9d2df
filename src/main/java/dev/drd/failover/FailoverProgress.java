package dev.drd.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a failover stands, for {@code drd failover status}.
 *
 * @param state PREFLIGHT, AWAITING_APPROVAL, RUNNING, WAITING_FOR_OPERATOR, COMPLETED, ABORTED,
 *     FAILED
 * @param approvedBy who approved, and {@code approvalReason} why; "--yes" when started so
 * @param waitedForPeople time spent waiting for an approval or an operator's decision
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
    Duration waitedForPeople,
    List<StepState> steps) {
  public FailoverProgress {
    waitedForPeople = waitedForPeople == null ? Duration.ZERO : waitedForPeople;
  }

  public boolean finished() {
    return state.equals("COMPLETED") || state.equals("ABORTED") || state.equals("FAILED");
  }
}
