package dev.drd.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.archive.ArchiveRequest;
import dev.drd.archive.ArchiveStatus;
import dev.drd.archive.ArchiverActivitiesImpl;
import dev.drd.archive.ArchiverWorkflow;
import dev.drd.archive.BaseBackupRequest;
import dev.drd.archive.BaseBackupWorkflow;
import dev.drd.backup.BackupRequest;
import dev.drd.backup.BackupResult;
import dev.drd.backup.BackupWorkflow;
import dev.drd.cluster.KubernetesScaler;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.daemon.RunbookAdapters;
import dev.drd.daemon.Runbooks;
import dev.drd.failover.DnsRouters;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.Postgres;
import dev.drd.runbook.Figure;
import dev.drd.runbook.OperatorDecision;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepState;
import dev.drd.runbook.StepStatus;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Poll;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestFiles;
import dev.drd.testing.TestKubernetes;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corrupt database recovered in place with the daemon's own wiring: a real PostgreSQL with
 * clients holding sessions, a real S3 API with a real backup, and the services on fabric8's mock
 * Kubernetes API.
 */
@EnableKubernetesMockClient(crud = true)
class RecoverRunbookTest {
  static TestPostgres pg;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(); // Runbooks registers

  KubernetesClient client;

  private final StorageConfig storage = TestS3.newBucket("prod");
  private ScheduledExecutorService controller;
  private Path workDir;
  private ArchiverActivitiesImpl archivers;

  @BeforeAll
  static void database() {
    pg = TestPostgres.startLocal(); // one that can stream WAL to the archive
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @BeforeEach
  void services() throws IOException {
    TestKubernetes.namespace(client, "shop");
    TestKubernetes.deployment(client, "shop", "api", 2);
    TestKubernetes.deployment(client, "shop", "worker", 1);
    controller = Executors.newSingleThreadScheduledExecutor();
    controller.scheduleWithFixedDelay(
        () -> TestKubernetes.makeReplicasReady(client, "shop"), 0, 200, TimeUnit.MILLISECONDS);
    workDir = Files.createTempDirectory("drd-recover-work-");
  }

  @AfterEach
  void stopServices() throws IOException {
    if (archivers != null) {
      archivers.handOver();
    }
    controller.shutdownNow();
    TestFiles.deleteRecursively(workDir);
  }

  /** A database with two tables, backed up by the backup runbook; returns its config. */
  private DrdConfig ledger(String database, TestWorkflowEnvironment env, Worker worker) {
    return ledger(database, env, worker, "");
  }

  /** With {@code more} of the target's YAML; the archivers registered go to {@link #archivers}. */
  private DrdConfig ledger(
      String database, TestWorkflowEnvironment env, Worker worker, String more) {
    pg.createDatabase(database);
    pg.execute(
        database,
        """
        CREATE TABLE entries AS SELECT g AS id, g * 10 AS cents FROM generate_series(1, 1000) g;
        CREATE TABLE accounts AS SELECT g AS id, 'acct-' || g AS name FROM generate_series(1, 50) g;
        """);
    DrdConfig config =
        TestConfigs.load(
            storage,
            TestConfigs.target("ledger", pg.host(), pg.port(), database, more),
            TestConfigs.restore(workDir));
    archivers =
        Runbooks.register(
            worker,
            config,
            new Secrets(Map.of()),
            S3ObjectStore.create(storage),
            new SimpleMeterRegistry(),
            new RunbookAdapters(
                new KubernetesScaler(client, Duration.ofSeconds(5)), DnsRouters::forSwitch));
    env.start();
    return config;
  }

  private static BackupResult backup(WorkflowClient workflows, Worker worker) {
    return workflows
        .newWorkflowStub(BackupWorkflow.class, options(worker, "backup/ledger/manual"))
        .run(new BackupRequest("ledger", null, Duration.ofMinutes(5)));
  }

  private static RecoverRunbook runbook(DrdConfig config, String expectAccounts) {
    return new RecoverRunbookLoader(new ConfigLoader(Map.of()), config)
        .load(
            new ConfigSource(
                "recover-test.yaml",
                """
                target: ledger
                services:
                  timeout: 30s
                  workloads:
                    - { namespace: shop, name: api }
                    - { namespace: shop, name: worker }
                sessions: { timeout: 3s }
                verify:
                  assertions:
                    - { name: accounts are back, sql: SELECT count(*) FROM accounts, expect: "%s" }
                postChecks: { sqlWrite: true }
                """
                    .formatted(expectAccounts)));
  }

  private static RecoverWorkflow recovery(WorkflowClient workflows, Worker worker) {
    return workflows.newWorkflowStub(RecoverWorkflow.class, options(worker, "recover/ledger"));
  }

  private static WorkflowOptions options(Worker worker, String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowExecutionTimeout(Duration.ofHours(1))
        .build();
  }

  private static void damage(String database) {
    pg.execute(database, "DELETE FROM entries WHERE id > 900; DROP TABLE accounts");
  }

  /** A client of the services: lets go of the database once its deployment is scaled to 0. */
  private CompletableFuture<Void> closesWhenStopped(Connection session, String deployment) {
    return CompletableFuture.runAsync(() -> {
      try {
        while (TestKubernetes.desiredReplicas(client, "shop", deployment) != 0) {
          Thread.sleep(50);
        }
        session.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aDamagedDatabaseIsRestoredInPlaceWithItsCorruptCopyKeptAndItsServicesBackAtTheirCounts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = ledger("ledger_a", env, worker);
    BackupResult backup = backup(workflows, worker);
    damage("ledger_a");

    RunbookProgress done;
    try (Connection api = Postgres.connect(pg.endpoint("ledger_a"), "shop-api");
        Connection stubborn = Postgres.connect(pg.endpoint("ledger_a"), "stubborn-report")) {
      CompletableFuture<Void> apiGone = closesWhenStopped(api, "api");

      done =
          recovery(workflows, worker)
              .run(new RecoverRequest(runbook(config, "= 50"), true, "alice"));

      apiGone.get(5, TimeUnit.SECONDS);
      assertThat(stubborn.isValid(2)).as("ended after the drain's timeout").isFalse();
    }

    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(done.steps())
        .allSatisfy(s ->
            assertThat(s.state()).as(s.step() + ": " + s.message()).isEqualTo(StepStatus.DONE));
    assertThat(pg.count("ledger_a", "SELECT count(*) FROM entries")).isEqualTo(1000);
    assertThat(pg.count("ledger_a", "SELECT count(*) FROM accounts")).isEqualTo(50);
    String kept = message(done, "keep").split(" ")[2];
    assertThat(kept).matches("ledger_a_corrupt_\\d{8}_\\d{6}");
    assertThat(pg.count(kept, "SELECT count(*) FROM entries"))
        .as("the damage, kept")
        .isEqualTo(900);
    assertThat(pg.count(kept, "SELECT count(*) FROM pg_tables WHERE tablename = 'accounts'"))
        .isZero();
    assertThat(TestKubernetes.desiredReplicas(client, "shop", "api")).isEqualTo(2);
    assertThat(TestKubernetes.desiredReplicas(client, "shop", "worker")).isEqualTo(1);

    assertThat(message(done, "preflight"))
        .contains(
            "ok backup: " + backup.key(),
            "ok backup-checksum: ",
            "size and sha256 match the manifest",
            "ok database-server: ",
            "ok cluster-current-shop: ");
    assertThat(done.steps())
        .filteredOn(s -> s.step().equals("stop"))
        .extracting(StepState::message)
        .containsExactly(
            "2 → 0 replicas (the count to start it with again)",
            "1 → 0 replicas (the count to start it with again)");
    assertThat(message(done, "drain"))
        .startsWith("1 session(s) still open after")
        .contains("stubborn-report")
        .doesNotContain("shop-api");
    assertThat(message(done, "restore"))
        .contains(
            "restored " + backup.key(),
            "into ledger_a",
            "2 tables with 1050 rows match the manifest",
            "1 assertion(s) passed");
    assertThat(done.steps())
        .filteredOn(s -> s.step().equals("start"))
        .extracting(StepState::message)
        .containsExactly("0 → 2 replicas, 2 ready", "0 → 1 replicas, 1 ready");
    assertThat(message(done, "post-check")).startsWith("wrote and read 1 row");
    assertThat(done.figures()).extracting(Figure::name).containsExactly("rto", "data-loss-window");
    assertThat(done.figures())
        .allSatisfy(f -> assertThat(f.value()).isPositive())
        .last()
        .satisfies(f -> assertThat(f.detail()).contains(backup.key(), kept));
  }

  @Test
  void aBadMigrationIsUndoneByRestoringTheDatabaseAsItWasJustBeforeFromTheArchive(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = ledger("ledger_d", env, worker, "archive: { maxDelay: 2s }");
    // the test's one worker runs every kind of activity: no queue memo
    WorkflowClient.start(
        workflows.newWorkflowStub(ArchiverWorkflow.class, options(worker, "archive/ledger"))
            ::archive,
        new ArchiveRequest("ledger", Duration.ofMinutes(10)));
    workflows
        .newWorkflowStub(BaseBackupWorkflow.class, options(worker, "base-backup/ledger/manual"))
        .run(new BaseBackupRequest("ledger", Instant.now(), "t0000001", Duration.ofMinutes(1)));
    pg.execute("ledger_d", "INSERT INTO accounts VALUES (51, 'acct-51')");
    Instant beforeMigration =
        Instant.parse(pg.text("ledger_d", "SELECT to_json(clock_timestamp())#>>'{}'"));
    Poll.until(
        Duration.ofSeconds(5),
        () -> "the server's clock at " + beforeMigration,
        () ->
            Instant.parse(pg.text("ledger_d", "SELECT to_json(clock_timestamp())#>>'{}'"))
                .isAfter(beforeMigration.plusMillis(5)));
    pg.execute("ledger_d", "DROP TABLE accounts; UPDATE entries SET cents = 0");
    long migrated = Lsn.parse(pg.text("ledger_d", "SELECT pg_current_wal_lsn()::text"));
    Poll.until(
        Duration.ofSeconds(30),
        () -> "archived up to " + Lsn.format(migrated),
        () ->
            ArchiveStatus.read(S3ObjectStore.create(storage), storage.prefix(), "ledger")
                .map(s -> Lsn.parse(s.archivedLsn()) >= migrated)
                .orElse(false));

    RunbookProgress done =
        recovery(workflows, worker)
            .run(
                new RecoverRequest(
                    runbook(config, "= 51").withAt(beforeMigration.toString()), true, "alice"));

    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(pg.count("ledger_d", "SELECT count(*) FROM accounts")).isEqualTo(51);
    assertThat(pg.count("ledger_d", "SELECT count(*) FROM entries WHERE cents > 0"))
        .isEqualTo(1000);
    String kept = message(done, "keep").split(" ")[2];
    assertThat(pg.count(kept, "SELECT count(*) FROM entries WHERE cents > 0"))
        .as("the migration, kept")
        .isZero();
    assertThat(message(done, "preflight")).contains("ok point-in-time: " + beforeMigration);
    assertThat(message(done, "restore"))
        .contains(
            "restored the WAL archive at " + beforeMigration,
            "into ledger_d",
            "2 tables with 1051 rows match the recovered server",
            "1 assertion(s) passed");
    assertThat(done.figures())
        .last()
        .satisfies(f -> assertThat(f.detail()).contains("writes after the WAL archive at", kept));
    TestWorkflows.recordHistory(workflows, "recover/ledger", "recover-at-completed.json");
  }

  @Test
  void aFailedVerificationLeavesTheServicesStoppedAndWaitsForTheOperator(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = ledger("ledger_b", env, worker);
    backup(workflows, worker);
    damage("ledger_b");
    RecoverWorkflow recovery = recovery(workflows, worker);

    WorkflowClient.start(recovery::run, new RecoverRequest(runbook(config, "= 51"), true, "alice"));
    RunbookProgress waiting = awaitState(recovery, RunbookStatus.WAITING_FOR_OPERATOR);

    assertThat(step(waiting, "restore").state()).isEqualTo(StepStatus.FAILED);
    assertThat(step(waiting, "restore").message())
        .contains("does not match the backup", "accounts are back");
    assertThat(waiting.steps())
        .filteredOn(s -> s.step().equals("start") || s.step().equals("post-check"))
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(StepStatus.PENDING));
    assertThat(TestKubernetes.desiredReplicas(client, "shop", "api")).isZero();
    assertThat(TestKubernetes.desiredReplicas(client, "shop", "worker")).isZero();
    assertThat(pg.count("ledger_b", "SELECT count(*) FROM accounts"))
        .as("the failed restore is kept for inspection")
        .isEqualTo(50);

    recovery.decide(new OperatorDecision("ABORT", "bob"));
    WorkflowFailedException aborted =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                workflows
                    .newUntypedWorkflowStub("recover/ledger")
                    .getResult(RunbookProgress.class));

    ApplicationFailure failure = (ApplicationFailure) aborted.getCause();
    assertThat(failure.getType()).isEqualTo("RECOVERY_ABORTED");
    assertThat(failure.getOriginalMessage())
        .contains(
            "aborted by bob",
            "Nothing was undone",
            "still stopped (recorded counts): api 2, worker 1",
            "kept as ledger_b_corrupt_");
    assertThat(TestKubernetes.desiredReplicas(client, "shop", "api")).isZero();
  }

  /**
   * Issue 14, case 2: a backup by hand while a recovery replaces the database used to deadlock the
   * recovery (its snapshot against the restore's locks); now it is refused, naming the recovery.
   */
  @Test
  void aBackupWhileARecoveryOfItsTargetRunsIsRefusedNamingTheRecovery(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = ledger("ledger_c", env, worker);
    backup(workflows, worker);
    damage("ledger_c");
    RecoverWorkflow recovery = recovery(workflows, worker);
    WorkflowClient.start(recovery::run, new RecoverRequest(runbook(config, "= 51"), true, "alice"));
    awaitState(recovery, RunbookStatus.WAITING_FOR_OPERATOR);

    WorkflowFailedException refused =
        catchThrowableOfType(WorkflowFailedException.class, () -> backup(workflows, worker));

    ApplicationFailure failure = (ApplicationFailure) refused.getCause().getCause();
    assertThat(failure.getType()).isEqualTo("BACKUP_REFUSED");
    assertThat(failure.getOriginalMessage())
        .contains(
            "a backup of ledger is refused while the corruption recovery recover/ledger replaces"
                + " its database",
            "drd recover status recover/ledger");
    assertThat(
            pg.count(
                "postgres",
                "SELECT count(*) FROM pg_stat_activity WHERE application_name ~ '^drd [0-9a-f]{8} '"))
        .as("the refused backup opened no session")
        .isZero();

    recovery.decide(new OperatorDecision("ABORT", "bob"));
    assertThat(
            catchThrowableOfType(
                WorkflowFailedException.class,
                () ->
                    workflows
                        .newUntypedWorkflowStub("recover/ledger")
                        .getResult(RunbookProgress.class)))
        .as("the recovery is not blocked and ends as its operator asked")
        .isNotNull();
  }

  private static RunbookProgress awaitState(RecoverWorkflow recovery, RunbookStatus state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    RunbookProgress p = recovery.progress();
    while (p.state() != state) {
      assertThat(System.nanoTime()).as("reached %s; now %s", state, p).isLessThan(deadline);
      Thread.sleep(200);
      p = recovery.progress();
    }
    return p;
  }

  private static StepState step(RunbookProgress p, String name) {
    return p.steps().stream().filter(s -> s.step().equals(name)).findFirst().orElseThrow();
  }

  private static String message(RunbookProgress p, String step) {
    return step(p, step).message();
  }
}
