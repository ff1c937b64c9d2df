package dev.drd.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** Activities' log lines name their runbook and its target. */
@Timeout(30)
class DrdWorkerInterceptorTest {
  @RegisterExtension
  static final TestWorkflowExtension TEMPORAL =
      TestWorkflows.extension(DrdWorkersTest.OneStepImpl.class);

  private static String mdcInActivity(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, String workflowId) {
    worker.registerActivitiesImplementations(
        (DrdWorkersTest.Step)
            () ->
                MDC.get(DrdWorkerInterceptor.MDC_WORKFLOW_ID)
                    + " "
                    + MDC.get(DrdWorkerInterceptor.MDC_TARGET));
    env.start();
    return client
        .newWorkflowStub(
            DrdWorkersTest.OneStep.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run();
  }

  @Test
  void anActivityOfABackupHasItsWorkflowIdAndTargetInTheMdc(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    assertThat(mdcInActivity(env, worker, client, "backup/orders/manual"))
        .isEqualTo("backup/orders/manual orders");
  }

  @Test
  void aRestoresIdNamesNoTarget(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    assertThat(mdcInActivity(env, worker, client, "restore/staging/orders_copy"))
        .isEqualTo("restore/staging/orders_copy null");
  }
}
