package dev.drd.runbook;

import dev.drd.failure.FailureType;
import dev.drd.temporal.Failures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The part of a runbook that an operator drives, inside its workflow: the steps with their states,
 * the approval, and the wait for retry, skip or abort after a failed step. Workflow code only:
 * times come from {@link Workflow#currentTimeMillis()}.
 */
public final class OperatorSteps {
  private static final Logger log = Workflow.getLogger(OperatorSteps.class);
  private static final Set<String> ACTIONS = Set.of("RETRY", "SKIP", "ABORT");

  /** What an abort undoes before the runbook ends; it ends by calling {@link #abort}. */
  public interface AbortHandler {
    void abort(int failedStep, String why);
  }

  private final String runbook;
  private final FailureType abortedType;
  private final List<StepState> steps = new ArrayList<>();
  private String subject;
  private RunbookStatus state = RunbookStatus.PREFLIGHT;
  private Instant startedAt;
  private Instant endedAt;
  private ApprovalRequest approval;
  private OperatorDecision decision;
  private Duration waitedForPeople = Duration.ZERO;
  private final List<Figure> figures = new ArrayList<>();
  private String outcome;

  /**
   * @param runbook the CLI's name for it, e.g. {@code failover}, for messages
   * @param abortedType the failure an abort ends it with
   */
  public OperatorSteps(String runbook, FailureType abortedType) {
    this.runbook = runbook;
    this.abortedType = abortedType;
  }

  public static StepState pending(String step, String detail, boolean bestEffort) {
    return new StepState(step, detail, bestEffort, StepStatus.PENDING, 0, null, null, null);
  }

  /** Starts the record: what the runbook acts on, and every step it will take. */
  public void begin(String subject, List<StepState> pending) {
    this.subject = subject;
    startedAt = now();
    steps.addAll(pending);
  }

  public RunbookProgress progress() {
    return new RunbookProgress(
        Workflow.getInfo().getWorkflowId(),
        subject,
        state,
        startedAt,
        endedAt,
        approval == null ? null : approval.by(),
        approval == null ? null : approval.reason(),
        waitedForPeople,
        List.copyOf(steps),
        List.copyOf(figures),
        outcome);
  }

  public StepState step(int i) {
    return steps.get(i);
  }

  public RunbookStatus state() {
    return state;
  }

  public void state(RunbookStatus newState) {
    state = newState;
  }

  /** Records a measured outcome, shown with the progress. */
  public void figure(String name, Duration value, String detail) {
    figures.add(new Figure(name, value, detail));
  }

  /** Time spent so far waiting for an approval or an operator's decision. */
  public Duration waitedForPeople() {
    return waitedForPeople;
  }

  /** When the runbook began, by the workflow's clock. */
  public Instant startedAt() {
    return startedAt;
  }

  public void completed() {
    state = RunbookStatus.COMPLETED;
    endedAt = now();
  }

  public void approve(ApprovalRequest request) {
    approval = request;
  }

  public void validateApprove(ApprovalRequest request) {
    if (state != RunbookStatus.AWAITING_APPROVAL) {
      throw new IllegalStateException(
          "this %s is not waiting for approval; it is %s".formatted(runbook, state));
    }
    if (request == null || request.by() == null || request.by().isBlank()) {
      throw new IllegalArgumentException("an approval needs --by NAME");
    }
  }

  public void decide(OperatorDecision request) {
    decision = request;
  }

  public void validateDecide(OperatorDecision request) {
    if (request == null || !ACTIONS.contains(request.action())) {
      throw new IllegalArgumentException("the decision must be one of " + ACTIONS);
    }
    boolean abortBeforeApproval =
        state == RunbookStatus.AWAITING_APPROVAL && "ABORT".equals(request.action());
    if (state != RunbookStatus.WAITING_FOR_OPERATOR && !abortBeforeApproval) {
      throw new IllegalStateException(
          "no step is waiting for a decision; the %s is %s".formatted(runbook, state));
    }
  }

  /**
   * The approval step as the runbook's policy and the start ask: wait for {@code drd <runbook>
   * approve}, or take --yes as approval by whoever started it.
   *
   * @param step the approval step's index; asked only when the policy requires approval (only then
   *     has the plan such a step)
   */
  public void approval(
      Approval policy, IntSupplier step, boolean approvedAtStart, String startedBy) {
    if (policy.required() && !approvedAtStart) {
      awaitApproval(step.getAsInt(), policy.timeout());
    } else if (policy.required()) {
      approvedAtStart(step.getAsInt(), startedBy);
    } else {
      approve(new ApprovalRequest(startedBy, "started with --yes"));
    }
  }

  /** Started with --yes: the approval step is done by whoever started it. */
  private void approvedAtStart(int i, String by) {
    approval = new ApprovalRequest(by, "started with --yes");
    mark(i, StepStatus.RUNNING, null);
    mark(i, StepStatus.DONE, "approved by %s: --yes".formatted(by));
  }

  /**
   * Waits for {@code drd <runbook> approve}; ends the runbook on a timeout or an abort, with
   * nothing changed.
   */
  private void awaitApproval(int i, Duration timeout) {
    state = RunbookStatus.AWAITING_APPROVAL;
    mark(
        i,
        StepStatus.RUNNING,
        "waiting for drd %s approve %s".formatted(runbook, Workflow.getInfo().getWorkflowId()));
    Instant asked = now();
    boolean answered = Workflow.await(timeout, () -> approval != null || decision != null);
    waitedForPeople = waitedForPeople.plus(Duration.between(asked, now()));
    if (decision != null) {
      for (int later = i + 1; later < steps.size(); later++) {
        mark(later, StepStatus.ABORTED, null);
      }
      stop(
          i,
          StepStatus.ABORTED,
          RunbookStatus.ABORTED,
          abortedType,
          "%s aborted by %s before approval; nothing was changed"
              .formatted(runbook, decision.by()));
    }
    if (!answered) {
      fail(
          i,
          FailureType.APPROVAL_TIMEOUT,
          "nobody approved the %s within %s; nothing was changed. Start it again when ready"
              .formatted(runbook, timeout));
    }
    log.info("{} approved by {}: {}", runbook, approval.by(), approval.reason());
    mark(
        i,
        StepStatus.DONE,
        "approved by %s%s"
            .formatted(approval.by(), approval.reason() == null ? "" : ": " + approval.reason()));
  }

  /**
   * Runs a step until it succeeds or is skipped; a best-effort step's failure is recorded and
   * passed over. After a failure the operator decides: retry, skip, or abort (handed to {@code
   * onAbort}, which ends the runbook).
   *
   * @param action the step's activities or child workflow; returns what it did
   */
  public void run(int i, Supplier<String> action, AbortHandler onAbort) {
    StepState step = steps.get(i);
    while (true) {
      mark(i, StepStatus.RUNNING, null);
      try {
        mark(i, StepStatus.DONE, action.get());
        return;
      } catch (ActivityFailure | ChildWorkflowFailure e) {
        String why = Failures.rootMessage(e);
        if (step.bestEffort()) {
          mark(i, StepStatus.IGNORED, "failed, continuing (best effort): " + why);
          return;
        }
        mark(i, StepStatus.FAILED, why);
        switch (awaitDecision()) {
          case "SKIP" -> {
            mark(i, StepStatus.SKIPPED, "skipped by %s after: %s".formatted(decision.by(), why));
            return;
          }
          case "ABORT" -> onAbort.abort(i, why);
          default -> log.info("retrying {} at the request of {}", step.step(), decision.by());
        }
      }
    }
  }

  /**
   * Ends the runbook as aborted at step {@code failed}: it and the steps not yet run are marked
   * ABORTED.
   *
   * @param message what was done and undone, for the operator
   */
  public void abort(int failed, String why, String message) {
    for (int i = failed; i < steps.size(); i++) {
      if (i == failed || steps.get(i).state() == StepStatus.PENDING) {
        mark(
            i,
            StepStatus.ABORTED,
            i == failed ? "aborted by %s after: %s".formatted(decision.by(), why) : null);
      }
    }
    state = RunbookStatus.ABORTED;
    endedAt = now();
    outcome = message;
    throw ApplicationFailure.newNonRetryableFailure(message, abortedType.name(), progress());
  }

  /** Who asked for the abort being handled. */
  public String decidedBy() {
    return decision.by();
  }

  public void fail(int i, FailureType type, String message) {
    stop(i, StepStatus.FAILED, RunbookStatus.FAILED, type, message);
  }

  /** Ends the runbook at step {@code i}. */
  private void stop(
      int i, StepStatus stepEnd, RunbookStatus end, FailureType type, String message) {
    mark(i, stepEnd, message);
    state = end;
    endedAt = now();
    outcome = message;
    throw ApplicationFailure.newNonRetryableFailure(message, type.name(), progress());
  }

  public void mark(int i, StepStatus newState, String message) {
    steps.set(i, steps.get(i).with(newState, now(), message));
  }

  private String awaitDecision() {
    state = RunbookStatus.WAITING_FOR_OPERATOR;
    decision = null;
    Instant asked = now();
    Workflow.await(() -> decision != null);
    waitedForPeople = waitedForPeople.plus(Duration.between(asked, now()));
    state = RunbookStatus.RUNNING;
    return decision.action();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
