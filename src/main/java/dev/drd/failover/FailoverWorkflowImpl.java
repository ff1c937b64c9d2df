package dev.drd.failover;

import dev.drd.failure.FailureType;
import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;

public class FailoverWorkflowImpl implements FailoverWorkflow {
  private static final Logger log = Workflow.getLogger(FailoverWorkflowImpl.class);
  private static final Set<String> ACTIONS = Set.of("RETRY", "SKIP", "ABORT");
  private static final Duration STEP_SLACK = Duration.ofMinutes(1);

  private final FailoverActivities quick = activities(Duration.ofMinutes(2), 3);

  private FailoverRunbook runbook;
  private List<PlannedStep> plan = List.of();
  private final List<StepState> steps = new ArrayList<>();
  private String state = "PREFLIGHT";
  private Instant startedAt;
  private Instant endedAt;
  private ApprovalRequest approval;
  private OperatorDecision decision;
  private Duration waitedForPeople = Duration.ZERO;

  /** Desired replicas of the failed region's workloads before scale-down, by workload index. */
  private final Map<Integer, Integer> scaledDownFrom = new HashMap<>();

  @Override
  public FailoverProgress run(FailoverRequest request) {
    runbook = request.runbook();
    startedAt = now();
    plan = FailoverPlan.of(runbook);
    for (PlannedStep p : plan) {
      steps.add(
          new StepState(p.step(), p.detail(), p.bestEffort(), "PENDING", 0, null, null, null));
    }
    preflight(request.force());
    if (runbook.approval().required() && !request.approved()) {
      awaitApproval();
    } else {
      approval = new ApprovalRequest(request.startedBy(), "started with --yes");
      if (runbook.approval().required()) {
        mark(indexOf(StepKind.APPROVAL), "RUNNING", null);
        mark(indexOf(StepKind.APPROVAL), "DONE", "approved by %s: --yes".formatted(approval.by()));
      }
    }
    state = "RUNNING";
    for (int i = 0; i < plan.size(); i++) {
      StepKind kind = plan.get(i).kind();
      if (kind != StepKind.PREFLIGHT && kind != StepKind.APPROVAL) {
        runStep(i);
      }
    }
    state = "COMPLETED";
    endedAt = now();
    return progress();
  }

  @Override
  public FailoverProgress progress() {
    return new FailoverProgress(
        Workflow.getInfo().getWorkflowId(),
        runbook == null ? null : runbook.from(),
        runbook == null ? null : runbook.to(),
        state,
        startedAt,
        endedAt,
        approval == null ? null : approval.by(),
        approval == null ? null : approval.reason(),
        waitedForPeople,
        List.copyOf(steps));
  }

  @Override
  public FailoverProgress approve(ApprovalRequest request) {
    approval = request;
    return progress();
  }

  @Override
  public void validateApprove(ApprovalRequest request) {
    if (!"AWAITING_APPROVAL".equals(state)) {
      throw new IllegalStateException("this failover is not waiting for approval; it is " + state);
    }
    if (request == null || request.by() == null || request.by().isBlank()) {
      throw new IllegalArgumentException("an approval needs --by NAME");
    }
  }

  @Override
  public FailoverProgress decide(OperatorDecision request) {
    decision = request;
    return progress();
  }

  @Override
  public void validateDecide(OperatorDecision request) {
    if (request == null || !ACTIONS.contains(request.action())) {
      throw new IllegalArgumentException("the decision must be one of " + ACTIONS);
    }
    boolean abortBeforeApproval =
        "AWAITING_APPROVAL".equals(state) && "ABORT".equals(request.action());
    if (!"WAITING_FOR_OPERATOR".equals(state) && !abortBeforeApproval) {
      throw new IllegalStateException(
          "no step is waiting for a decision; the failover is " + state);
    }
  }

  private void preflight(List<String> force) {
    int i = indexOf(StepKind.PREFLIGHT);
    mark(i, "RUNNING", null);
    PreflightReport report;
    try {
      report = quick.preflight(runbook);
    } catch (ActivityFailure e) {
      fail(i, FailureType.PREFLIGHT_FAILED, "preflight could not run: " + Failures.rootMessage(e));
      return;
    }
    List<PreflightCheck> blocking = report.blocking(force);
    String summary =
        report.checks().stream()
            .map(c -> (c.passed() ? "ok " : "FAILED ") + c.name() + ": " + c.detail())
            .collect(Collectors.joining("; "));
    if (!blocking.isEmpty()) {
      fail(
          i,
          FailureType.PREFLIGHT_FAILED,
          "preflight refused, nothing was changed: %s. Fix it, or start again with %s"
              .formatted(
                  summary,
                  blocking.stream()
                      .map(c -> "--force " + c.name())
                      .collect(Collectors.joining(" "))));
    }
    mark(i, "DONE", summary);
  }

  private void awaitApproval() {
    int i = indexOf(StepKind.APPROVAL);
    state = "AWAITING_APPROVAL";
    mark(i, "RUNNING", "waiting for drd failover approve " + Workflow.getInfo().getWorkflowId());
    Instant asked = now();
    boolean answered =
        Workflow.await(runbook.approval().timeout(), () -> approval != null || decision != null);
    waitedForPeople = waitedForPeople.plus(Duration.between(asked, now()));
    if (decision != null) {
      for (int later = i + 1; later < steps.size(); later++) {
        mark(later, "ABORTED", null);
      }
      stop(
          i,
          "ABORTED",
          FailureType.FAILOVER_ABORTED,
          "failover aborted by %s before approval; nothing was changed".formatted(decision.by()));
    }
    if (!answered) {
      fail(
          i,
          FailureType.APPROVAL_TIMEOUT,
          "nobody approved the failover within %s; nothing was changed. Start it again when ready"
              .formatted(runbook.approval().timeout()));
    }
    log.info("failover approved by {}: {}", approval.by(), approval.reason());
    mark(
        i,
        "DONE",
        "approved by %s%s"
            .formatted(approval.by(), approval.reason() == null ? "" : ": " + approval.reason()));
  }

  /** Runs a step until it succeeds, is skipped, or the operator aborts. */
  private void runStep(int i) {
    PlannedStep step = plan.get(i);
    while (true) {
      mark(i, "RUNNING", null);
      try {
        mark(i, "DONE", execute(step));
        return;
      } catch (ActivityFailure e) {
        String why = Failures.rootMessage(e);
        if (step.bestEffort()) {
          mark(i, "IGNORED", "failed, continuing (best effort): " + why);
          return;
        }
        mark(i, "FAILED", why);
        String action = awaitDecision();
        switch (action) {
          case "SKIP" -> {
            mark(i, "SKIPPED", "skipped by %s after: %s".formatted(decision.by(), why));
            return;
          }
          case "ABORT" -> abort(i, why);
          default -> log.info("retrying {} at the request of {}", step.step(), decision.by());
        }
      }
    }
  }

  private String execute(PlannedStep step) {
    return switch (step.kind()) {
      case SCALE_DOWN -> {
        ScaledWorkload w = runbook.scaleDown().workloads().get(step.index());
        ScaleResult r =
            activities(runbook.scaleDown().timeout(), 1)
                .scale(new ScaleRequest(w, w.replicas(), false, runbook.scaleDown().timeout()));
        scaledDownFrom.put(step.index(), r.previous());
        yield "%d → %d replicas".formatted(r.previous(), w.replicas());
      }
      case FENCE -> activities(Duration.ofMinutes(1), 1).fence(runbook.database().fence());
      case PROMOTE -> quick.promote(runbook.database().promote());
      case SWITCH_DNS -> waiting(Duration.ofMinutes(15)).switchDns(runbook.dns());
      case SCALE_UP -> {
        ScaledWorkload w = runbook.scaleUp().workloads().get(step.index());
        ScaleResult r =
            waiting(runbook.scaleUp().timeout().plus(STEP_SLACK))
                .scale(new ScaleRequest(w, w.replicas(), true, runbook.scaleUp().timeout()));
        yield "%d → %d replicas, %d ready".formatted(r.previous(), w.replicas(), r.ready());
      }
      case HTTP_CHECK -> {
        Duration timeout = runbook.postChecks().http().get(step.index()).timeout();
        yield activities(timeout.plus(STEP_SLACK), 3).check(runbook, step.kind(), step.index());
      }
      case SQL_CHECK -> quick.check(runbook, step.kind(), step.index());
      case PREFLIGHT, APPROVAL -> throw new IllegalStateException(step.kind() + " runs apart");
    };
  }

  private String awaitDecision() {
    state = "WAITING_FOR_OPERATOR";
    decision = null;
    Instant asked = now();
    Workflow.await(() -> decision != null);
    waitedForPeople = waitedForPeople.plus(Duration.between(asked, now()));
    state = "RUNNING";
    return decision.action();
  }

  /**
   * The compensations that are safe: before the promotion, the failed region's services go back to
   * the counts they had. After it, nothing is undone: a promoted replica cannot be demoted.
   */
  private void abort(int failed, String why) {
    state = "ABORTING";
    List<String> undone = new ArrayList<>();
    boolean promoted =
        steps.get(indexOf(StepKind.PROMOTE)).state().equals("DONE")
            || steps.get(indexOf(StepKind.PROMOTE)).state().equals("SKIPPED");
    if (!promoted) {
      for (Map.Entry<Integer, Integer> e : scaledDownFrom.entrySet()) {
        ScaledWorkload w = runbook.scaleDown().workloads().get(e.getKey());
        try {
          activities(runbook.scaleDown().timeout(), 1)
              .scale(new ScaleRequest(w, e.getValue(), false, runbook.scaleDown().timeout()));
          undone.add("%s back to %d".formatted(w.workload().describe(), e.getValue()));
        } catch (ActivityFailure f) {
          undone.add(
              "%s NOT scaled back: %s".formatted(w.workload().describe(), Failures.rootMessage(f)));
        }
      }
    }
    for (int i = failed; i < steps.size(); i++) {
      if (i == failed || steps.get(i).state().equals("PENDING")) {
        mark(
            i,
            "ABORTED",
            i == failed ? "aborted by %s after: %s".formatted(decision.by(), why) : null);
      }
    }
    state = "ABORTED";
    endedAt = now();
    String message =
        "failover aborted by %s at step %d (%s). %s"
            .formatted(
                decision.by(),
                failed + 1,
                plan.get(failed).step(),
                promoted
                    ? "The replica was already promoted; nothing was undone. See drd failover status for what was done."
                    : undone.isEmpty()
                        ? "Nothing had been changed that needed undoing."
                        : "Undone: " + String.join("; ", undone) + ".");
    throw ApplicationFailure.newNonRetryableFailure(
        message, FailureType.FAILOVER_ABORTED.name(), progress());
  }

  private void fail(int i, FailureType type, String message) {
    stop(i, "FAILED", type, message);
  }

  /** Ends the failover at step {@code i}, which and the failover take {@code endState}. */
  private void stop(int i, String endState, FailureType type, String message) {
    mark(i, endState, message);
    state = endState;
    endedAt = now();
    throw ApplicationFailure.newNonRetryableFailure(message, type.name(), progress());
  }

  private void mark(int i, String newState, String message) {
    steps.set(i, steps.get(i).with(newState, now(), message));
  }

  private int indexOf(StepKind kind) {
    for (int i = 0; i < plan.size(); i++) {
      if (plan.get(i).kind() == kind) {
        return i;
      }
    }
    throw new IllegalStateException("the plan has no " + kind + " step");
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static FailoverActivities activities(Duration timeout, int attempts) {
    return Workflow.newActivityStub(
        FailoverActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(timeout)
            .setRetryOptions(
                Retries.exponential(Duration.ofSeconds(2), Duration.ofSeconds(30), attempts))
            .build());
  }

  /** Steps that wait for something outside: a dead worker is noticed by missing heartbeats. */
  private static FailoverActivities waiting(Duration timeout) {
    return Workflow.newActivityStub(
        FailoverActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(timeout)
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(Retries.exponential(Duration.ofSeconds(5), Duration.ofMinutes(1), 3))
            .build());
  }
}
