package dev.drd.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.restore.FakeRestoreActivities;
import dev.drd.restore.RestoreStepRequest;
import dev.drd.restore.RestoreWorkflowImpl;
import dev.drd.runbook.Figure;
import dev.drd.runbook.OperatorDecision;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepStatus;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recovery's order, its operator decisions and what an abort undoes, on fake activities. */
class RecoverWorkflowTest {
  private static final ConfigLoader LOADER = new ConfigLoader(Map.of());
  private static final DrdConfig CONFIG =
      TestConfigs.load(
          TestS3.newBucket(""), TestConfigs.target("ledger", "127.0.0.1", 5432, "ledger", ""), "");
  private static final RecoverRunbook RUNBOOK =
      new RecoverRunbookLoader(LOADER, CONFIG)
          .load(
              new ConfigSource(
                  "recover-test.yaml",
                  """
                  target: ledger
                  services:
                    workloads: [ { namespace: shop, name: api }, { namespace: shop, name: worker } ]
                  verify:
                    assertions: [ { name: accounts, sql: SELECT count(*) FROM accounts, expect: "> 0" } ]
                  postChecks: { http: [ { url: "http://shop.example.com/health" } ], sqlWrite: true }
                  """));

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflows.extension(RecoverWorkflowImpl.class, RestoreWorkflowImpl.class);

  private final RecordingRecoverActivities recovery = new RecordingRecoverActivities();
  private final FakeRestoreActivities restore = new FakeRestoreActivities();

  @BeforeEach
  void activities(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(recovery, restore);
    env.start();
  }

  private static RecoverWorkflow start(WorkflowClient client, Worker worker) {
    RecoverWorkflow workflow =
        client.newWorkflowStub(
            RecoverWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RUNBOOK.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(workflow::run, new RecoverRequest(RUNBOOK, true, "alice"));
    return workflow;
  }

  /** Polls the progress query; env.sleep skips the test server's time past retry backoffs. */
  /**
   * A recovery whose scaling {@code call} failed once (the API timed out), waiting for the
   * operator.
   */
  private RecoverWorkflow waitingAfterAFailed(
      String call, TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    recovery.failOnce.put(call, new DrdException(FailureType.CLUSTER_FAILED, "the API timed out"));
    RecoverWorkflow workflow = start(client, worker);
    awaitState(env, workflow, RunbookStatus.WAITING_FOR_OPERATOR);
    return workflow;
  }

  private static RunbookProgress awaitState(
      TestWorkflowEnvironment env, RecoverWorkflow workflow, RunbookStatus state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    RunbookProgress progress = workflow.progress();
    while (progress.state() != state && System.nanoTime() < deadline) {
      env.sleep(Duration.ofMillis(500));
      progress = workflow.progress();
    }
    assertThat(progress.state()).isEqualTo(state);
    return progress;
  }

  private static RunbookProgress result(RecoverWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(RunbookProgress.class);
  }

  private static ApplicationFailure failure(RecoverWorkflow workflow) {
    WorkflowFailedException e =
        catchThrowableOfType(WorkflowFailedException.class, () -> result(workflow));
    return (ApplicationFailure) e.getCause();
  }

  private static StepStatus state(RunbookProgress p, String step) {
    return p.steps().stream().filter(s -> s.step().equals(step)).findFirst().orElseThrow().state();
  }

  @Test
  void withYesEveryStepRunsInOrderAndTheServicesComeBackAtTheirRecordedCounts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    RunbookProgress done = result(start(client, worker));

    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(recovery.calls)
        .containsExactly(
            "preflight",
            "replicas api",
            "scale api 0",
            "replicas worker",
            "scale worker 0",
            "drain",
            "keep",
            "scale api 2",
            "scale worker 1",
            "check HTTP_CHECK",
            "check SQL_CHECK");
    assertThat(restore.calls)
        .as("the backup is resolved and proven before anything stops")
        .startsWith("resolve", "checkBackup")
        .containsSubsequence("checkDestination", "restore", "verify");
    RestoreStepRequest restored = restore.restores.getFirst();
    assertThat(restored.database()).isEqualTo("ledger");
    assertThat(restored.replace()).isFalse();
    assertThat(restored.workflowId()).isEqualTo("recover/ledger/restore-1");
    assertThat(restored.backup().key()).endsWith("20261124T020000Z.dump.zst");
    assertThat(restore.verifications.getFirst().assertions())
        .extracting(a -> a.name())
        .containsExactly("accounts");
    assertThat(done.figures()).extracting(Figure::name).containsExactly("rto", "data-loss-window");
    TestWorkflows.recordHistory(client, "recover/ledger", "recover-completed.json");
  }

  @Test
  void aDamagedBackupIsRefusedByThePreflightBeforeAnythingStops(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    restore.checkFailure =
        new DrdException(FailureType.CHECKSUM_MISMATCH, "backup object x is damaged");

    ApplicationFailure refused = failure(start(client, worker));

    assertThat(refused.getType()).isEqualTo("PREFLIGHT_FAILED");
    assertThat(refused.getOriginalMessage())
        .contains(
            "nothing was changed",
            "FAILED backup-checksum: backup object x is damaged",
            "ok database-server",
            "--backup KEY");
    assertThat(recovery.calls).containsExactly("preflight");
    assertThat(restore.calls).doesNotContain("restore");
  }

  @Test
  void theBackupIsNotReadWhileTheClusterDoesNotAnswer(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    recovery.clusterAnswers = false;

    ApplicationFailure refused = failure(start(client, worker));

    assertThat(refused.getType()).isEqualTo("PREFLIGHT_FAILED");
    assertThat(refused.getOriginalMessage())
        .contains("FAILED cluster-current-shop: connection refused", "ok backup: ");
    assertThat(restore.calls).containsExactly("resolve");
    assertThat(recovery.calls).containsExactly("preflight");
  }

  @Test
  void aRetriedStopKeepsTheCountRecordedBeforeTheFirstAttempt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    RecoverWorkflow workflow = waitingAfterAFailed("scale api 0", env, client, worker);
    recovery.replicas.put("api", 0); // as if the failed attempt had scaled it after all

    workflow.decide(new OperatorDecision("RETRY", "bob"));

    assertThat(result(workflow).state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(recovery.calls).containsOnlyOnce("replicas api").contains("scale api 2");
  }

  @Test
  void anAbortBeforeTheDatabaseIsTouchedStartsTheServicesAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    RecoverWorkflow workflow = waitingAfterAFailed("scale worker 0", env, client, worker);

    workflow.decide(new OperatorDecision("ABORT", "bob"));
    ApplicationFailure aborted = failure(workflow);

    assertThat(aborted.getType()).isEqualTo("RECOVERY_ABORTED");
    assertThat(aborted.getOriginalMessage())
        .contains("aborted by bob at step 4 (stop)", "The database was not touched. Undone:")
        .contains("back to 2");
    assertThat(recovery.calls)
        .endsWith("scale api 2", "scale worker 1")
        .doesNotContain("drain", "keep");
    assertThat(recovery.replicas).containsEntry("api", 2);
    assertThat(WorkflowStub.fromTyped(workflow).query("progress", RunbookProgress.class).outcome())
        .as("issue 14.4: status and --json say what the abort undid, not only the log")
        .isEqualTo(aborted.getOriginalMessage());
    TestWorkflows.recordHistory(client, "recover/ledger", "recover-aborted.json");
  }

  @Test
  void anAbortAfterTheRenameUndoesNothingAndSaysWhatIsWhere(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    restore.restoreFailure = new DrdException(FailureType.DISK_FULL, "no room in the work dir");
    RecoverWorkflow workflow = start(client, worker);
    awaitState(env, workflow, RunbookStatus.WAITING_FOR_OPERATOR);

    workflow.decide(new OperatorDecision("ABORT", "bob"));
    ApplicationFailure aborted = failure(workflow);

    assertThat(aborted.getOriginalMessage())
        .contains(
            "Nothing was undone: the database was renamed or restored into and is not verified",
            "Started again: none; still stopped (recorded counts): api 2, worker 1",
            "kept as ledger_corrupt_",
            "After an abort");
    assertThat(recovery.replicas).containsEntry("api", 0).containsEntry("worker", 0);
  }

  @Test
  void aSkippedKeepMakesTheRestoreReplaceTheDatabaseInPlace(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    recovery.failOnce.put(
        "keep", new DrdException(FailureType.DATABASE_NOT_FOUND, "database ledger does not exist"));
    RecoverWorkflow workflow = start(client, worker);
    RunbookProgress waiting = awaitState(env, workflow, RunbookStatus.WAITING_FOR_OPERATOR);
    assertThat(state(waiting, "keep")).isEqualTo(StepStatus.FAILED);

    workflow.decide(new OperatorDecision("SKIP", "bob"));

    RunbookProgress done = result(workflow);
    assertThat(state(done, "keep")).isEqualTo(StepStatus.SKIPPED);
    assertThat(restore.restores).extracting(RestoreStepRequest::replace).containsExactly(true);
    assertThat(done.figures())
        .last()
        .satisfies(f -> assertThat(f.detail()).doesNotContain("kept copy"));
    assertThat(List.of(done.state())).containsExactly(RunbookStatus.COMPLETED);
  }
}
