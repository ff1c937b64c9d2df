package dev.drd.recovery;

import dev.drd.schedule.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;

/**
 * Starts recoveries as {@code recover/<target>}: one recovery of a database at a time; a finished
 * one may run again.
 */
public final class RecoveryLauncher {
  private final WorkflowClient client;
  private final String taskQueue;

  public RecoveryLauncher(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted while a recovery of this target runs
   */
  public WorkflowExecution start(RecoveryRequest request) {
    CorruptionRecoveryWorkflow workflow =
        client.newWorkflowStub(
            CorruptionRecoveryWorkflow.class,
            RunbookLauncher.options(
                request.runbook().workflowId(),
                taskQueue,
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
    return WorkflowClient.start(workflow::run, request);
  }
}
