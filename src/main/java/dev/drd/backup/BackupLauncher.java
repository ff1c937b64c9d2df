package dev.drd.backup;

import dev.drd.config.TargetConfig;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Starts backups under derived workflow ids, so that duplicates are impossible rather than
 * unlikely: a scheduled backup is {@code backup/<target>/<fire time>} and can never run twice, not
 * even when two daemons fire; a backup by hand is {@code backup/<target>/manual} and runs once at a
 * time.
 */
public final class BackupLauncher {
  private final WorkflowClient client;
  private final String taskQueue;

  public BackupLauncher(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  public static String scheduledId(String target, Instant fireTime) {
    return "backup/%s/%s".formatted(target, fireTime.truncatedTo(ChronoUnit.SECONDS));
  }

  public static String manualId(String target) {
    return "backup/%s/manual".formatted(target);
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted when this fire time's backup exists, running or done
   */
  public WorkflowExecution startScheduled(TargetConfig target, Instant fireTime) {
    return start(
        target,
        fireTime,
        scheduledId(target.name(), fireTime),
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted while another backup by hand of this target runs
   */
  public WorkflowExecution startManual(TargetConfig target) {
    return start(
        target,
        null,
        manualId(target.name()),
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  private WorkflowExecution start(
      TargetConfig target, Instant fireTime, String workflowId, WorkflowIdReusePolicy reuse) {
    BackupWorkflow workflow =
        client.newWorkflowStub(
            BackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(reuse)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    return WorkflowClient.start(
        workflow::run, new BackupRequest(target.name(), fireTime, target.backup().timeout()));
  }
}
