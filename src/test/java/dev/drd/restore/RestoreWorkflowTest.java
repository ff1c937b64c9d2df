package dev.drd.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoreWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(RestoreWorkflowImpl.class);

  private final FakeRestoreActivities activities = new FakeRestoreActivities();

  private static RestoreWorkflow workflow(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        RestoreWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
  }

  private static RestoreRequest intoCopy() {
    return new RestoreRequest("orders", "latest", null, "orders_copy", null, false, false);
  }

  /**
   * Issue 14, case 7: a second restore into the same database follows the running one only when it
   * asks for the same thing; one that names another backup is refused, naming the running one.
   */
  @Test
  void aSecondRestoreIntoTheSameDatabaseFollowsOnlyAnIdenticalRequest(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    env.start();
    RestoreLauncher launcher = new RestoreLauncher(client, "no-worker-polls-this");
    RestoreRequest first =
        new RestoreRequest("orders", "20261124T020000Z", null, "orders_copy", null, false, false);
    var running = launcher.start(first);

    assertThatThrownBy(() -> launcher.start(first))
        .isInstanceOf(io.temporal.client.WorkflowExecutionAlreadyStarted.class);
    dev.drd.failure.DrdException refused =
        catchThrowableOfType(dev.drd.failure.DrdException.class, () -> launcher.start(intoCopy()));
    assertThat(refused.type()).isEqualTo(FailureType.RESTORE_CONFLICT);
    assertThat(refused.getMessage())
        .contains(
            "another restore into orders_copy runs (" + running.getWorkflowId(),
            "backup 20261124T020000Z of orders",
            "this one (backup latest) was not started");

    client.newUntypedWorkflowStub(running.getWorkflowId()).terminate("test over");
  }

  @Test
  void aRestoreResolvesChecksTheDestinationRestoresThenVerifies(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();

    RestoreResult result = workflow(client, worker, "restore/orders/orders_copy").run(intoCopy());

    assertThat(activities.calls)
        .containsExactly("resolve", "checkDestination", "restore", "verify");
    assertThat(result.server()).isEqualTo("orders");
    assertThat(result.recoveryTime()).isEqualTo(Duration.ofSeconds(75));
    assertThat(result.backupAge())
        .isEqualTo(Duration.between(result.backupTakenAt(), result.startedAt()));
    assertThat(result.verification().passed()).isTrue();
    TestWorkflows.recordHistory(client, "restore/orders/orders_copy", "restore-completed.json");
  }

  @Test
  void aFailedRestoreStepDropsTheDatabaseItCreatedAndFailsWithItsType(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.restoreFailure =
        new DrdException(FailureType.CHECKSUM_MISMATCH, "backup object is damaged");
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> workflow(client, worker, "r2").run(intoCopy()));

    assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(((ApplicationFailure) e.getCause().getCause()).getType())
        .isEqualTo("CHECKSUM_MISMATCH");
    assertThat(activities.calls)
        .as("a non-retryable failure is not retried")
        .containsExactly("resolve", "checkDestination", "restore", "discard");
    assertThat(activities.discarded)
        .containsExactly(new DiscardRequest("r2", "orders", "orders_copy"));
    TestWorkflows.recordHistory(client, "r2", "restore-checksum-mismatch.json");
  }

  @Test
  void aFailedVerificationFailsTheRestoreWithItsReportAndKeepsTheDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    activities.verificationFails = true;
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> workflow(client, worker, "r3").run(intoCopy()));

    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertThat(failure.getType()).isEqualTo("VERIFICATION_FAILED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("sales.orders: 199 rows, manifest says 200");
    assertThat(failure.getDetails().get(RestoreResult.class).verification().mismatchCount())
        .isEqualTo(1);
    assertThat(activities.calls).doesNotContain("discard");
  }

  @Test
  void noBackupFailsBeforeAnythingIsTouched(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    activities.resolveFailure = new DrdException(FailureType.NO_BACKUP, "no backup");
    worker.registerActivitiesImplementations(activities);
    env.start();

    catchThrowableOfType(
        WorkflowFailedException.class, () -> workflow(client, worker, "r4").run(intoCopy()));

    assertThat(activities.calls).containsExactly("resolve");
  }
}
