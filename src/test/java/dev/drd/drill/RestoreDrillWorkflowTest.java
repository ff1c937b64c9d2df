package dev.drd.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.Objectives;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.restore.FakeRestoreActivities;
import dev.drd.restore.ResolveRequest;
import dev.drd.restore.RestoreWorkflowImpl;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoreDrillWorkflowTest {
  private static final Instant FIRE = Instant.parse("2026-11-22T05:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflows.extension(RestoreDrillWorkflowImpl.class, RestoreWorkflowImpl.class);

  private final FakeRestoreActivities restore = new FakeRestoreActivities();

  private static RestoreDrillWorkflow drill(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        RestoreDrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
  }

  private static DrillRequest scheduled() {
    return new DrillRequest("orders", FIRE, "staging");
  }

  private static DrillReport report(WorkflowFailedException e) {
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertThat(failure.getType()).isEqualTo("DRILL_FAILED");
    return failure.getDetails().get(DrillReport.class);
  }

  @Test
  void aDrillRestoresIntoAScratchDatabaseOnTheDrillServerThenDropsItAndReports(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    FakeDrillActivities drills =
        new FakeDrillActivities(new Objectives(Duration.ofMinutes(5), null));
    worker.registerActivitiesImplementations(restore, drills);
    env.start();

    DrillReport report =
        drill(client, worker, "drill/orders/2026-11-22T05:00:00Z").run(scheduled());

    assertThat(report.passed()).isTrue();
    assertThat(report.scratchDatabase()).isEqualTo("drill_orders_20261122_050000");
    assertThat(report.server()).isEqualTo("staging");
    assertThat(drills.dropped)
        .containsExactly(new ScratchRequest("staging", "drill_orders_20261122_050000"));
    assertThat(drills.calls).containsExactly("dropScratch", "writeReport");
    assertThat(report.recoveryTime()).isEqualTo(Duration.ofSeconds(75));
    assertThat(report.rtoMet()).isTrue();
    assertThat(report.rpoMet()).as("no RPO objective set").isNull();
    assertThat(report.summary()).contains("RTO 1m15s (objective 5m: met)");
    TestWorkflows.recordHistory(client, "drill/orders/2026-11-22T05:00:00Z", "drill-passed.json");
  }

  @Test
  void aDrillOfANamedBackupRestoresThatOneAndReportsIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    String older = "prod/orders/2026/11/20/20261120T020000Z.dump.zst";
    worker.registerActivitiesImplementations(
        restore, new FakeDrillActivities(new Objectives(null, null)));
    env.start();

    DrillReport report =
        drill(client, worker, "drill/orders/manual")
            .run(new DrillRequest("orders", null, "staging", null, older));

    assertThat(restore.resolves).containsExactly(new ResolveRequest("orders", older));
    assertThat(report.backupKey()).isEqualTo(older);
    assertThat(report.passed()).isTrue();
  }

  @Test
  void aFailedRestoreStillDropsTheScratchDatabaseAndReportsWhy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    restore.restoreFailure = new DrdException(FailureType.CHECKSUM_MISMATCH, "object is damaged");
    FakeDrillActivities drills = new FakeDrillActivities(new Objectives(null, null));
    worker.registerActivitiesImplementations(restore, drills);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> drill(client, worker, "d2").run(scheduled()));

    DrillReport report = report(e);
    assertThat(report.passed()).isFalse();
    assertThat(report.failureType()).isEqualTo("CHECKSUM_MISMATCH");
    assertThat(report.failureMessage()).contains("object is damaged");
    assertThat(report.scratchDropped()).isTrue();
    assertThat(drills.calls).containsExactly("dropScratch", "writeReport");
    TestWorkflows.recordHistory(client, "d2", "drill-failed.json");
  }

  @Test
  void aBackupOlderThanTheRpoFailsTheDrillEvenWhenItRestores(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    restore.takenAt = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(30));
    FakeDrillActivities drills =
        new FakeDrillActivities(new Objectives(null, Duration.ofHours(24)));
    worker.registerActivitiesImplementations(restore, drills);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> drill(client, worker, "d3").run(scheduled()));

    DrillReport report = report(e);
    assertThat(report.failureType()).isNull();
    assertThat(report.rpoMet()).isFalse();
    assertThat(report.backupAge()).isBetween(Duration.ofHours(30), Duration.ofHours(31));
    assertThat(report.summary()).contains("RPO 30h (objective 24h: MISSED)");
  }

  @Test
  void aCancelledDrillDropsItsScratchDatabaseAndSaysSo(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    restore.restoreStarted = new CountDownLatch(1);
    restore.restoreUntilCancelled = true;
    FakeDrillActivities drills = new FakeDrillActivities(new Objectives(null, null));
    worker.registerActivitiesImplementations(restore, drills);
    env.start();
    RestoreDrillWorkflow workflow = drill(client, worker, "d4");
    WorkflowClient.start(workflow::run, scheduled());
    assertThat(restore.restoreStarted.await(10, TimeUnit.SECONDS)).isTrue();

    WorkflowStub.fromTyped(workflow).cancel();
    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(DrillReport.class));
    restore.restoreUntilCancelled = false;

    assertThat(e.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(drills.dropped).hasSize(1);
    assertThat(drills.reports)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.passed()).isFalse();
          assertThat(r.failureType()).isEqualTo("CANCELED");
        });
  }

  @Test
  void scratchNamesFitPostgresAndCarryTheTargetAndTime() {
    assertThat(RestoreDrillWorkflowImpl.scratchName("orders-eu", FIRE))
        .isEqualTo("drill_orders_eu_20261122_050000");
    assertThat(RestoreDrillWorkflowImpl.scratchName("x".repeat(63), FIRE))
        .hasSizeLessThanOrEqualTo(63);
  }
}
