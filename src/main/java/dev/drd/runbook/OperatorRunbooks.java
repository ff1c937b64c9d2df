package dev.drd.runbook;

import dev.drd.temporal.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.workflow.Functions;
import java.util.function.Function;

/**
 * Starts the runbooks an operator drives under the id their runbook file derives ({@code
 * failover/<from>-to-<to>}, {@code recover/<target>}): one at a time per id; a finished one may run
 * again (after a fail-back, the same direction is a new failover).
 */
public final class OperatorRunbooks {
  private OperatorRunbooks() {}

  /**
   * @param run the workflow method, e.g. {@code w -> w::run}
   * @throws WorkflowExecutionAlreadyStarted while one with this id runs
   */
  public static <W extends OperatorRunbook, R> WorkflowExecution start(
      WorkflowClient client,
      String taskQueue,
      Class<W> workflow,
      String workflowId,
      Function<W, Functions.Func1<R, RunbookProgress>> run,
      R request) {
    W stub =
        client.newWorkflowStub(
            workflow,
            RunbookLauncher.options(
                workflowId,
                taskQueue,
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
    return WorkflowClient.start(run.apply(stub), request);
  }
}
