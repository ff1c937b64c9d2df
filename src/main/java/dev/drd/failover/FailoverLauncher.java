package dev.drd.failover;

import dev.drd.schedule.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;

/**
 * Starts failovers as {@code failover/<from>-to-<to>}: one failover of a region pair at a time. A
 * finished one may run again (after a fail-back, the same direction is a new failover).
 */
public final class FailoverLauncher {
  private final WorkflowClient client;
  private final String taskQueue;

  public FailoverLauncher(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted while a failover of this region pair runs
   */
  public WorkflowExecution start(FailoverRequest request) {
    FailoverWorkflow workflow =
        client.newWorkflowStub(
            FailoverWorkflow.class,
            RunbookLauncher.options(
                request.runbook().workflowId(),
                taskQueue,
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
    return WorkflowClient.start(workflow::run, request);
  }
}
