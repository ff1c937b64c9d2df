package dev.drd.runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a runbook that an operator drives stands (a failover, a corruption recovery), for {@code
 * drd <runbook> status}.
 *
 * @param subject what it acts on, for people: {@code us-east → eu-west}, a target's name
 * @param approvedBy who approved, and {@code approvalReason} why: "started with --yes" when whoever
 *     started it approved at the start
 * @param waitedForPeople time spent waiting for an approval or an operator's decision
 * @param figures what the runbook measured, e.g. a recovery's RTO and data loss window
 * @param outcome how an aborted or failed runbook ended: what was done, undone, and is left
 */
public record RunbookProgress(
    String workflowId,
    String subject,
    RunbookStatus state,
    Instant startedAt,
    Instant endedAt,
    String approvedBy,
    String approvalReason,
    Duration waitedForPeople,
    List<StepState> steps,
    List<Figure> figures,
    String outcome) {
  public RunbookProgress {
    waitedForPeople = waitedForPeople == null ? Duration.ZERO : waitedForPeople;
    figures = figures == null ? List.of() : List.copyOf(figures);
  }

  public boolean finished() {
    return state.finished();
  }
}
