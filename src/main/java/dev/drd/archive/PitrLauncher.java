package dev.drd.archive;

import dev.drd.restore.RestoreLauncher;
import dev.drd.temporal.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;

/** Starts point-in-time restores under the ids {@link PointInTimeRestoreWorkflow} gives. */
public final class PitrLauncher {
  private final WorkflowClient client;
  private final String taskQueue;

  public PitrLauncher(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * @throws io.temporal.client.WorkflowExecutionAlreadyStarted while one of the target runs
   */
  public WorkflowExecution start(PitrRequest request) {
    PointInTimeRestoreWorkflow workflow =
        client.newWorkflowStub(
            PointInTimeRestoreWorkflow.class,
            RunbookLauncher.options(
                request.destination() == PitrRequest.Destination.INTO
                    ? RestoreLauncher.workflowId(request.server(), request.into())
                    : "pitr/%s/manual".formatted(request.target()),
                taskQueue,
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
    return WorkflowClient.start(workflow::run, request);
  }
}
