package dev.drd.temporal;

import dev.drd.config.TargetConfig;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Starts one kind of runbook under ids derived from what it acts on, so that duplicates are
 * impossible rather than unlikely: a scheduled run is {@code <runbook>/<target>/<fire time>} and
 * can never run twice, not even when two daemons fire; a run by hand is {@code
 * <runbook>/<target>/manual} and runs once at a time.
 */
public abstract class RunbookLauncher {
  private final WorkflowClient client;
  private final String taskQueue;
  private final String runbook;

  protected RunbookLauncher(WorkflowClient client, String taskQueue, String runbook) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.runbook = runbook;
  }

  /** {@code backup}, {@code drill}: the first part of the workflow ids. */
  public String runbook() {
    return runbook;
  }

  /** The target's cron for this runbook; empty when it runs by hand only. */
  public abstract Optional<String> schedule(TargetConfig target);

  public abstract String timezone(TargetConfig target);

  public String scheduledId(String target, Instant fireTime) {
    return "%s/%s/%s".formatted(runbook, target, fireTime.truncatedTo(ChronoUnit.SECONDS));
  }

  public String manualId(String target) {
    return "%s/%s/manual".formatted(runbook, target);
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted when this fire time's run exists, running or done
   */
  public WorkflowExecution startScheduled(TargetConfig target, Instant fireTime) {
    return start(
        client,
        target,
        fireTime.truncatedTo(ChronoUnit.SECONDS),
        options(
            scheduledId(target.name(), fireTime),
            taskQueue,
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE));
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted while another run by hand of this target runs
   */
  public WorkflowExecution startManual(TargetConfig target) {
    return start(
        client,
        target,
        null,
        options(
            manualId(target.name()),
            taskQueue,
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
  }

  /** Whether a workflow with this id runs now (in the client's namespace). */
  public boolean running(String workflowId) {
    return Executions.running(client, workflowId);
  }

  /**
   * Starts the workflow with these options.
   *
   * @param fireTime null for a run by hand
   */
  protected abstract WorkflowExecution start(
      WorkflowClient client, TargetConfig target, Instant fireTime, WorkflowOptions options);

  /**
   * Options under which a second start of a running id fails instead of joining it, and whose
   * activities go to their kind's queue ({@link WorkQueues}).
   */
  public static WorkflowOptions options(
      String workflowId, String taskQueue, WorkflowIdReusePolicy reuse) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(reuse)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setMemo(WorkQueues.memo())
        .build();
  }
}
