package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.TestWorkflows;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
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

/**
 * Each test keeps its workflow's history in target/histories/, from where a history is copied into
 * src/test/resources/histories/ for {@code dev.drd.temporal.HistoryReplayTest}.
 */
class BackupWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(BackupWorkflowImpl.class);

  private final FakeBackupActivities activities = new FakeBackupActivities();

  private static BackupWorkflow workflow(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        BackupWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
  }

  private static BackupRequest scheduledAt2() {
    return new BackupRequest("orders", FakeBackupActivities.at(2), Duration.ofHours(1));
  }

  private static ApplicationFailure cause(WorkflowFailedException e) {
    assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
    return (ApplicationFailure) e.getCause().getCause();
  }

  @Test
  void aBackupInspectsDumpsWritesItsManifestThenAppliesRetention(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();

    BackupResult result =
        workflow(client, worker, "backup/orders/2026-11-24T02:00:00Z").run(scheduledAt2());

    assertThat(activities.calls)
        .containsExactly("inspect", "dump", "writeManifest", "applyRetention");
    assertThat(result.key()).isEqualTo("prod/orders/2026/11/24/20261124T020000Z.dump.zst");
    assertThat(result.manifestKey())
        .isEqualTo("prod/orders/2026/11/24/20261124T020000Z.manifest.json");
    assertThat(result.sha256()).isEqualTo("ab".repeat(32));
    assertThat(result.tables()).isEqualTo(2);
    assertThat(result.rows()).isEqualTo(300);
    assertThat(result.retention().deleted()).hasSize(1);
    assertThat(result.retentionError()).isNull();
    TestWorkflows.recordHistory(
        client, "backup/orders/2026-11-24T02:00:00Z", "backup-completed.json");
  }

  @Test
  void badCredentialsFailAtOnceWithTheirTypeAndNothingToDiscard(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    activities.inspectFailure =
        new DrdException(FailureType.BAD_CREDENTIALS, "PostgreSQL refused user drd");
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow(client, worker, "b1").run(scheduledAt2()));

    assertThat(cause(e).getType()).isEqualTo("BAD_CREDENTIALS");
    assertThat(cause(e).isNonRetryable()).isTrue();
    assertThat(activities.calls).containsExactly("inspect");
  }

  @Test
  void aDumpThatKeepsFailingIsRetriedThenDiscarded(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.dumpFailure = new DrdException(FailureType.DUMP_FAILED, "pg_dump died");
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow(client, worker, "b2").run(scheduledAt2()));

    assertThat(cause(e).getType()).isEqualTo("DUMP_FAILED");
    assertThat(activities.dumpAttempts).hasValue(4);
    assertThat(activities.calls).endsWith("discard").doesNotContain("writeManifest");
    assertThat(activities.discarded.get(0).keys().dump()).endsWith("20261124T020000Z.dump.zst");
    TestWorkflows.recordHistory(client, "b2", "backup-dump-failed.json");
  }

  /**
   * Issue 14, case 2: a backup whose dump finds another backup of the target running ends SKIPPED
   * with the reason, discards nothing of the other's and writes no manifest.
   */
  @Test
  void aBackupThatFindsAnotherOneDumpingIsSkippedWithTheReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.dumpFailure =
        new DrdException(
            FailureType.BACKUP_ALREADY_RUNNING,
            "a backup of orders is already running: backup/orders/manual (server pid 42)");
    worker.registerActivitiesImplementations(activities);
    env.start();

    BackupWorkflow workflow = workflow(client, worker, "b-skipped");
    BackupResult result = workflow.run(scheduledAt2());

    assertThat(result.status()).isEqualTo("SKIPPED");
    assertThat(result.skipped()).contains("already running: backup/orders/manual");
    assertThat(result.key()).isNull();
    assertThat(activities.dumpAttempts).as("not retried").hasValue(1);
    assertThat(activities.calls).containsExactly("inspect", "dump");
    assertThat(workflow.progress().phase()).isEqualTo(BackupPhase.SKIPPED);
    TestWorkflows.recordHistory(client, "b-skipped", "backup-skipped.json");
  }

  /** Issue 15, part 5: backup.jitter delays a scheduled backup with a durable timer. */
  @Test
  void aJitteredBackupWaitsItsDelayBeforeItTouchesTheDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();

    BackupResult result =
        workflow(client, worker, "b-jitter")
            .run(
                new BackupRequest(
                    "orders",
                    FakeBackupActivities.at(2),
                    Duration.ofHours(1),
                    Duration.ofMinutes(7)));

    assertThat(result.status()).isEqualTo("COMPLETED");
    var events = client.fetchHistory("b-jitter").getEvents();
    long started = events.get(0).getEventTime().getSeconds();
    long firstActivity =
        events.stream()
            .filter(e -> e.hasActivityTaskScheduledEventAttributes())
            .findFirst()
            .orElseThrow()
            .getEventTime()
            .getSeconds();
    assertThat(firstActivity - started).isGreaterThanOrEqualTo(Duration.ofMinutes(7).toSeconds());
    TestWorkflows.recordHistory(client, "b-jitter", "backup-jittered.json");
  }

  /** Issue 14, case 10: a timed-out dump names the setting to raise, not a raw timeout type. */
  @Test
  void aDumpThatTimesOutSaysWhichSettingToRaise(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.dumpUntilCancelled = true;
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                workflow(client, worker, "b-timeout")
                    .run(
                        new BackupRequest(
                            "orders",
                            Instant.parse("2026-11-24T02:00:00Z"),
                            Duration.ofSeconds(1))));

    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertThat(failure.getType()).isEqualTo("DUMP_TIMED_OUT");
    assertThat(failure.getOriginalMessage())
        .contains("did not finish within backup.timeout (1s)", "Raise backup.timeout");
    assertThat(activities.calls).endsWith("discard");
    TestWorkflows.recordHistory(client, "b-timeout", "backup-dump-timed-out.json");
  }

  @Test
  void aDumpThatFailsOnceSucceedsOnItsRetry(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    activities.dumpFailure = new DrdException(FailureType.STORAGE_FAILED, "503 Slow Down");
    activities.dumpFailuresBeforeSuccess = 1;
    worker.registerActivitiesImplementations(activities);
    env.start();

    BackupResult result = workflow(client, worker, "b3").run(scheduledAt2());

    assertThat(result.sha256()).isNotNull();
    assertThat(activities.dumpAttempts).hasValue(2);
    assertThat(activities.calls).doesNotContain("discard");
  }

  @Test
  void aDumpWithoutManifestIsNoBackup(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    activities.manifestFailure = new DrdException(FailureType.STORAGE_ACCESS_DENIED, "denied");
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow(client, worker, "b4").run(scheduledAt2()));

    assertThat(cause(e).getType()).isEqualTo("STORAGE_ACCESS_DENIED");
    assertThat(activities.calls).containsExactly("inspect", "dump", "writeManifest", "discard");
  }

  @Test
  void aFailedRetentionLeavesTheBackupCompleteAndSaysWhy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    activities.retentionFailure =
        new DrdException(FailureType.STORAGE_ACCESS_DENIED, "cannot delete");
    worker.registerActivitiesImplementations(activities);
    env.start();

    BackupResult result = workflow(client, worker, "b5").run(scheduledAt2());

    assertThat(result.retention()).isNull();
    assertThat(result.retentionError()).contains("cannot delete");
    assertThat(result.manifestKey()).endsWith(".manifest.json");
    assertThat(activities.calls).doesNotContain("discard");
  }

  @Test
  void aBackupByHandTakesItsTimeFromTheWorkflowClock(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(activities);
    env.start();
    long now = env.currentTimeMillis();

    BackupResult result =
        workflow(client, worker, "b6").run(new BackupRequest("orders", null, Duration.ofHours(1)));

    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm")
            .withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.ofEpochMilli(now));
    assertThat(result.key()).contains(stamp);
  }

  @Test
  void progressShowsThePhaseAndCancellingDiscardsWhatWasStarted(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.dumpStarted = new CountDownLatch(1);
    activities.dumpUntilCancelled = true;
    worker.registerActivitiesImplementations(activities);
    env.start();
    BackupWorkflow workflow = workflow(client, worker, "b7");
    WorkflowExecution execution = WorkflowClient.start(workflow::run, scheduledAt2());
    assertThat(activities.dumpStarted.await(10, TimeUnit.SECONDS)).isTrue();

    BackupProgress progress = workflow.progress();
    assertThat(progress.phase()).isEqualTo(BackupPhase.DUMPING);
    assertThat(progress.key()).endsWith(".dump.zst");

    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();
    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> stub.getResult(BackupResult.class));
    assertThat(e.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(activities.calls).endsWith("discard");
    assertThat(workflow.progress().phase()).isEqualTo(BackupPhase.FAILED);
    assertThat(execution.getWorkflowId()).isEqualTo("b7");
    TestWorkflows.recordHistory(client, "b7", "backup-cancelled.json");
  }
}
