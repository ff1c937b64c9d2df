package dev.drd.restore;

import dev.drd.schedule.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;

/**
 * Starts restores as {@code restore/<server>/<database>}: one restore into a database at a time.
 */
public final class RestoreLauncher {
  private final WorkflowClient client;
  private final String taskQueue;

  public RestoreLauncher(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  public static String workflowId(String server, String database) {
    return "restore/%s/%s".formatted(server, database);
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted while another restore into this database runs
   */
  public WorkflowExecution start(RestoreRequest request) {
    RestoreWorkflow workflow =
        client.newWorkflowStub(
            RestoreWorkflow.class,
            RunbookLauncher.options(
                workflowId(request.server(), request.database()),
                taskQueue,
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
    return WorkflowClient.start(workflow::run, request);
  }
}
