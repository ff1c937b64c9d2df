package dev.drd.failover;

import dev.drd.failover.FailoverActivities.PostCheckRequest;
import dev.drd.failure.FailureType;
import dev.drd.runbook.OperatorWorkflow;
import dev.drd.runbook.PlannedStep;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.ScaledWorkload;
import dev.drd.runbook.StepStatus;
import dev.drd.temporal.ActivityStubs;
import dev.drd.temporal.Failures;
import dev.drd.temporal.WorkQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public class FailoverWorkflowImpl extends OperatorWorkflow<StepKind> implements FailoverWorkflow {
  private static final Duration STEP_SLACK = Duration.ofMinutes(1);

  private final FailoverActivities quick = activities(Duration.ofMinutes(2), 3);

  private FailoverRunbook runbook;

  public FailoverWorkflowImpl() {
    super("failover", FailureType.FAILOVER_ABORTED);
  }

  /** Desired replicas of the failed region's workloads before scale-down, by workload index. */
  private final Map<Integer, Integer> scaledDownFrom = new HashMap<>();

  @Override
  public RunbookProgress run(FailoverRequest request) {
    runbook = request.runbook();
    begin("%s → %s".formatted(runbook.from(), runbook.to()), FailoverPlan.of(runbook));
    preflight(request.force(), request.startedBy());
    steps.approval(
        runbook.approval(),
        () -> indexOf(StepKind.APPROVAL),
        request.approved(),
        request.startedBy());
    steps.state(RunbookStatus.RUNNING);
    for (int i = 0; i < plan.size(); i++) {
      PlannedStep<StepKind> step = plan.get(i);
      if (step.kind() != StepKind.PREFLIGHT && step.kind() != StepKind.APPROVAL) {
        steps.run(i, () -> execute(step), this::abort);
      }
    }
    steps.completed();
    return steps.progress();
  }

  private void preflight(List<String> force, String startedBy) {
    int i = indexOf(StepKind.PREFLIGHT);
    steps.mark(i, StepStatus.RUNNING, null);
    PreflightReport report;
    try {
      report = quick.preflight(runbook);
    } catch (ActivityFailure e) {
      steps.fail(
          i, FailureType.PREFLIGHT_FAILED, "preflight could not run: " + Failures.rootMessage(e));
      return;
    }
    List<PreflightCheck> blocking = report.blocking(force);
    String summary = report.summary(force, startedBy);
    if (!blocking.isEmpty()) {
      steps.fail(
          i,
          FailureType.PREFLIGHT_FAILED,
          "preflight refused, nothing was changed: %s. Fix it, or start again with %s"
              .formatted(
                  summary,
                  blocking.stream()
                      .map(c -> "--force " + c.name())
                      .collect(Collectors.joining(" "))));
    }
    steps.mark(i, StepStatus.DONE, summary);
  }

  private String execute(PlannedStep<StepKind> step) {
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
        yield activities(timeout.plus(STEP_SLACK), 3).check(postCheck(step));
      }
      case SQL_CHECK -> quick.check(postCheck(step));
      case PREFLIGHT, APPROVAL -> throw new IllegalStateException(step.kind() + " runs apart");
    };
  }

  private PostCheckRequest postCheck(PlannedStep<StepKind> step) {
    return new PostCheckRequest(runbook, step.kind(), step.index());
  }

  /**
   * The compensations that are safe, in reverse order: before the promotion, the old primary is
   * unfenced and the failed region's services go back to the counts they had. After it, nothing is
   * undone: a promoted replica cannot be demoted. The message says what was undone, what could not
   * be, and what is left.
   */
  private void abort(int failed, String why) {
    steps.state(RunbookStatus.ABORTING);
    StepStatus promotion = steps.step(indexOf(StepKind.PROMOTE)).state();
    boolean promoted = promotion == StepStatus.DONE || promotion == StepStatus.SKIPPED;
    FailoverUndo undo = new FailoverUndo();
    if (!promoted) {
      unfence(undo);
      scaleBack(undo);
    }
    steps.abort(
        failed,
        why,
        "failover aborted by %s at step %d (%s). %s"
            .formatted(
                steps.decidedBy(),
                failed + 1,
                plan.get(failed).step(),
                promoted
                    ? "The replica was already promoted; nothing was undone. See drd failover status for what was done."
                    : undo.describe()));
  }

  private void unfence(FailoverUndo undo) {
    String primary = runbook.database().fence();
    boolean fenced =
        primary != null && steps.step(indexOf(StepKind.FENCE)).state() == StepStatus.DONE;
    if (!fenced || Workflow.getVersion("unfence-on-abort", Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    try {
      undo.undone(activities(Duration.ofMinutes(1), 3).unfence(primary));
    } catch (ActivityFailure f) {
      undo.left(
          ("%s is still READ-ONLY (%s): on it, run ALTER SYSTEM RESET"
                  + " default_transaction_read_only; SELECT pg_reload_conf();")
              .formatted(primary, Failures.rootMessage(f)));
    }
  }

  private void scaleBack(FailoverUndo undo) {
    for (Map.Entry<Integer, Integer> e : scaledDownFrom.entrySet()) {
      ScaledWorkload w = runbook.scaleDown().workloads().get(e.getKey());
      try {
        activities(runbook.scaleDown().timeout(), 1)
            .scale(new ScaleRequest(w, e.getValue(), false, runbook.scaleDown().timeout()));
        undo.undone("%s back to %d".formatted(w.workload().describe(), e.getValue()));
      } catch (ActivityFailure f) {
        undo.left(
            "%s still at %d, NOT scaled back to %d: %s"
                .formatted(
                    w.workload().describe(), w.replicas(), e.getValue(), Failures.rootMessage(f)));
      }
    }
  }

  private static FailoverActivities activities(Duration timeout, int attempts) {
    return ActivityStubs.limited(
        FailoverActivities.class, WorkQueues.Kind.OPERATOR, timeout, attempts);
  }

  private static FailoverActivities waiting(Duration timeout) {
    return ActivityStubs.waiting(FailoverActivities.class, WorkQueues.Kind.OPERATOR, timeout);
  }
}
