package dev.drd.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.backup.BackupManifest;
import dev.drd.backup.BackupRequest;
import dev.drd.backup.BackupResult;
import dev.drd.backup.BackupWorkflow;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.daemon.Runbooks;
import dev.drd.drill.DrillReport;
import dev.drd.drill.DrillRequest;
import dev.drd.drill.RestoreDrillWorkflow;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.TableRows;
import dev.drd.storage.Documents;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.FaultyHttpProxy;
import dev.drd.testing.Poll;
import dev.drd.testing.Sql;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestFiles;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restores and drills end to end on a real PostgreSQL, a real S3 API and Temporal. */
class RestoreRunbookTest {
  static TestPostgres pg;
  static String shopFingerprint;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(); // Runbooks registers

  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private Path workDir;

  /** The bucket as the worker reaches it: through a proxy, where a test counts requests. */
  private StorageConfig workerStorage = storage;

  @BeforeAll
  static void database() {
    pg = TestPostgres.start();
    pg.createDatabase("shop");
    pg.execute("shop", Sql.TRICKY);
    pg.execute("shop", Sql.RESTORE_EXTRAS);
    shopFingerprint = pg.text("shop", Sql.FINGERPRINT);
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @AfterEach
  void removeWorkDir() throws IOException {
    if (workDir != null) {
      TestFiles.deleteRecursively(workDir);
    }
  }

  /** Starts the worker with the daemon's own wiring, for a shop target with these assertions. */
  private void start(
      TestWorkflowEnvironment env, Worker worker, String assertions, String objectives)
      throws IOException {
    workDir = Files.createTempDirectory("drd-restore-work-");
    String target =
        TestConfigs.target(
            "shop",
            pg.host(),
            pg.port(),
            "shop",
            """
            verify:
              assertions:
            %s
            objectives: %s
            """
                .formatted(assertions.stripTrailing().indent(4).stripTrailing(), objectives));
    DrdConfig config = TestConfigs.load(workerStorage, target, TestConfigs.restore(workDir));
    Runbooks.register(
        worker,
        config,
        new Secrets(Map.of()),
        S3ObjectStore.create(workerStorage),
        new SimpleMeterRegistry());
    env.start();
  }

  private void start(TestWorkflowEnvironment env, Worker worker) throws IOException {
    start(
        env,
        worker,
        """
        - name: customers are there
          sql: SELECT count(*) FROM sales.customers
          expect: "= 20000"
        """,
        // No RPO here: backup ages are workflow time, which the test server skips ahead (by years,
        // around child workflows). RestoreDrillWorkflowTest judges RPO objectives.
        "{ rto: 10m }");
  }

  private static BackupResult backup(WorkflowClient client, Worker worker, String id) {
    return backup(client, worker, id, null);
  }

  private static BackupResult backup(
      WorkflowClient client, Worker worker, String id, Instant scheduledAt) {
    return client
        .newWorkflowStub(BackupWorkflow.class, options(worker, id))
        .run(new BackupRequest("shop", scheduledAt, Duration.ofMinutes(5)));
  }

  private static RestoreResult restore(
      WorkflowClient client, Worker worker, String backup, String into, boolean replace) {
    return client
        .newWorkflowStub(RestoreWorkflow.class, options(worker, "restore/shop/" + into))
        .run(new RestoreRequest("shop", backup, null, into, 2, replace, false));
  }

  private static WorkflowOptions options(Worker worker, String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(worker.getTaskQueue())
        .build();
  }

  private static ApplicationFailure failure(WorkflowFailedException e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    assertThat(t).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) t;
  }

  private List<Path> stagedFiles() throws IOException {
    try (var files = Files.list(workDir)) {
      return files.toList();
    }
  }

  @Test
  void theLatestBackupRestoresIntoANewDatabaseWithEveryObjectAndRowAndIsVerified(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker);
    BackupResult backup = backup(client, worker, "backup/shop/manual");

    RestoreResult result = restore(client, worker, "latest", "shop_copy", false);

    assertThat(pg.text("shop_copy", Sql.FINGERPRINT)).isEqualTo(shopFingerprint);
    assertThat(result.backupKey()).isEqualTo(backup.key());
    assertThat(result.sha256()).isEqualTo(backup.sha256());
    VerificationReport report = result.verification();
    assertThat(report.passed()).isTrue();
    assertThat(report.tablesChecked()).isEqualTo(backup.tables());
    assertThat(report.rowsFound()).isEqualTo(backup.rows()).isGreaterThan(50_000);
    assertThat(report.assertions())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.passed()).isTrue();
          assertThat(a.actual()).isEqualTo("20000");
        });
    assertThat(result.downloadStartedAt()).isBefore(result.checksumVerifiedAt());
    assertThat(result.recoveryTime())
        .isEqualTo(Duration.between(result.downloadStartedAt(), result.verifiedAt()))
        .isPositive()
        .isLessThan(Duration.ofMinutes(2));
    // Workflow time: the test server skips ahead while idle, so only its sign is certain here.
    assertThat(result.backupAge()).isPositive();
    assertThat(
            pg.text(
                "postgres",
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'shop_copy'"))
        .startsWith("restored by drd from " + backup.key());
    assertThat(stagedFiles()).isEmpty();
  }

  /**
   * Issue 15, part 6: a failure after the archive was staged and checked used to delete it, so the
   * retry downloaded everything again. Here the server refuses to create the database (a session
   * holds its template) until the restore's first attempt has failed: the retry restores the
   * archive the first attempt staged, and the object is read from the bucket once.
   */
  @Test
  void theRetryOfARestoreReusesTheArchiveItsFirstAttemptStagedAndChecked(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    AtomicInteger reads = new AtomicInteger();
    try (FaultyHttpProxy proxy = FaultyHttpProxy.start(storage.endpoint())) {
      proxy.failNext( // fails nothing: counts the dump's downloads
          Integer.MAX_VALUE,
          null,
          request -> {
            if (request.method().equals("GET") && request.path().endsWith(".dump.zst")) {
              reads.incrementAndGet();
            }
            return false;
          });
      workerStorage = proxy.inFrontOf(storage);
      start(env, worker);
      BackupResult backup = backup(client, worker, "backup/shop/manual");
      pg.execute("postgres", "ALTER DATABASE template0 ALLOW_CONNECTIONS true");
      try (Connection template = Postgres.connect(pg.endpoint("template0"), "drd test")) {
        var restoring =
            WorkflowClient.execute(
                client.newWorkflowStub(RestoreWorkflow.class, options(worker, "restore/shop/again"))
                    ::run,
                new RestoreRequest("shop", "latest", null, "shop_again", 2, false, false));
        Poll.until(
            Duration.ofSeconds(60),
            () -> "the first attempt fails",
            () -> restoreAttempt(client, "restore/shop/again") >= 2);
        assertThat(stagedFiles())
            .extracting(f -> f.getFileName().toString())
            .containsExactlyInAnyOrder(
                "restore_shop_again.dump", "restore_shop_again.dump.checked");
        template.close();

        RestoreResult result = restoring.get();

        assertThat(result.backupKey()).isEqualTo(backup.key());
        assertThat(result.verification().passed()).isTrue();
      } finally {
        pg.execute("postgres", "ALTER DATABASE template0 ALLOW_CONNECTIONS false");
      }
    }
    assertThat(pg.text("shop_again", Sql.FINGERPRINT)).isEqualTo(shopFingerprint);
    assertThat(reads).as("the object was downloaded once").hasValue(1);
    assertThat(stagedFiles()).isEmpty();
  }

  private static int restoreAttempt(WorkflowClient client, String workflowId) {
    return dev.drd.temporal.Executions.describe(client, workflowId)
        .getPendingActivitiesList()
        .stream()
        .filter(a -> a.getActivityType().getName().equals("RestoreRestore"))
        .mapToInt(a -> a.getAttempt())
        .max()
        .orElse(0);
  }

  @Test
  void aDamagedObjectIsRefusedBeforeTheDatabaseIsTouched(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker);
    BackupResult backup = backup(client, worker, "backup/shop/manual");
    byte[] object = store.read(backup.key());
    object[object.length / 2] ^= 0x01;
    store.put(backup.key(), object, "application/zstd");

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> restore(client, worker, "latest", "shop_from_damaged", false));

    ApplicationFailure cause = failure(e);
    assertThat(cause.getType()).isEqualTo("CHECKSUM_MISMATCH");
    assertThat(cause.getOriginalMessage())
        .contains(backup.key())
        .contains(backup.sha256())
        .contains("Nothing was restored");
    assertThat(pg.databaseExists("shop_from_damaged")).isFalse();
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void aDumpWithoutManifestIsNeverChosenAndUnknownKeysAreClearErrors(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker);
    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    BackupResult older = backup(client, worker, "backup/shop/" + yesterday, yesterday);
    BackupResult newer = backup(client, worker, "backup/shop/manual");
    store.delete(newer.manifestKey());

    RestoreResult latest = restore(client, worker, "latest", "shop_latest", false);
    assertThat(latest.backupKey()).isEqualTo(older.key());

    WorkflowFailedException named =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> restore(client, worker, newer.key(), "shop_named", false));
    assertThat(failure(named).getType()).isEqualTo("MANIFEST_MISSING");

    WorkflowFailedException unknown =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> restore(client, worker, "20200101T000000Z", "shop_unknown", false));
    assertThat(failure(unknown).getType()).isEqualTo("BACKUP_NOT_FOUND");
    assertThat(failure(unknown).getOriginalMessage()).contains("drd backup list --target shop");
    assertThat(pg.databaseExists("shop_named")).isFalse();
    assertThat(pg.databaseExists("shop_unknown")).isFalse();
  }

  @Test
  void aNonEmptyDatabaseIsRefusedUnlessReplaced(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker);
    backup(client, worker, "backup/shop/manual");
    pg.createDatabase("shop_in_use");
    pg.execute(
        "shop_in_use", "CREATE TABLE precious (id int); INSERT INTO precious VALUES (1), (2)");

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> restore(client, worker, "latest", "shop_in_use", false));
    assertThat(failure(e).getType()).isEqualTo("TARGET_NOT_EMPTY");
    assertThat(failure(e).getOriginalMessage()).contains("--replace");
    assertThat(pg.count("shop_in_use", "SELECT count(*) FROM precious")).isEqualTo(2);
    assertThat(pg.count("shop_in_use", "SELECT count(*) FROM pg_namespace WHERE nspname = 'sales'"))
        .isZero();

    RestoreResult replaced = restore(client, worker, "latest", "shop_in_use", true);
    assertThat(replaced.verification().passed()).isTrue();
    assertThat(pg.count("shop_in_use", "SELECT count(*) FROM sales.orders")).isEqualTo(30_000);
  }

  @Test
  void aRestoreThatDoesNotMatchTheManifestOrAnAssertionFailsWithItsReport(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(
        env,
        worker,
        """
        - name: no orders (wrong on purpose)
          sql: SELECT count(*) FROM sales.orders
          expect: "= 0"
        """,
        "{}");
    BackupResult backup = backup(client, worker, "backup/shop/manual");
    BackupManifest manifest = BackupManifest.fromJson(store.read(backup.manifestKey()));
    List<TableRows> tables = new ArrayList<>(manifest.tables());
    tables.replaceAll(
        t -> t.name().equals("orders") ? new TableRows(t.schema(), t.name(), 29_999) : t);
    tables.add(new TableRows("sales", "vanished", 5));
    store.put(
        backup.manifestKey(), Documents.toJson(withTables(manifest, tables)), "application/json");

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> restore(client, worker, "latest", "shop_mismatch", false));

    ApplicationFailure cause = failure(e);
    assertThat(cause.getType()).isEqualTo("VERIFICATION_FAILED");
    VerificationReport report = cause.getDetails().get(RestoreResult.class).verification();
    assertThat(report.passed()).isFalse();
    assertThat(report.mismatches())
        .containsExactlyInAnyOrder(
            new TableMismatch("sales", "orders", 29_999, 30_000L),
            new TableMismatch("sales", "vanished", 5, null));
    assertThat(report.assertions())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.passed()).isFalse();
          assertThat(a.actual()).isEqualTo("30000");
        });
    assertThat(cause.getOriginalMessage()).contains("sales.vanished: missing");
    assertThat(pg.databaseExists("shop_mismatch")).as("kept for inspection").isTrue();
  }

  @Test
  void aDrillRestoresVerifiesReportsAndDropsItsScratchDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker);
    BackupResult backup = backup(client, worker, "backup/shop/manual");
    Instant fire = Instant.parse("2026-11-22T05:00:00Z");

    DrillReport report =
        client
            .newWorkflowStub(RestoreDrillWorkflow.class, options(worker, "drill/shop/" + fire))
            .run(new DrillRequest("shop", fire, "shop"));

    assertThat(report.passed()).isTrue();
    assertThat(report.scratchDatabase()).isEqualTo("drill_shop_20261122_050000");
    assertThat(report.scratchDropped()).isTrue();
    assertThat(pg.databaseExists("drill_shop_20261122_050000")).isFalse();
    assertThat(report.backupKey()).isEqualTo(backup.key());
    assertThat(report.recoveryTime()).isPositive().isLessThan(Duration.ofMinutes(2));
    // Workflow time, which the test server skips ahead while idle: the restore starts after the
    // drill.
    assertThat(report.backupAge())
        .isGreaterThanOrEqualTo(Duration.between(report.backupTakenAt(), report.startedAt()));
    assertThat(report.rtoMet()).isTrue();
    assertThat(report.rpoMet()).isNull();
    assertThat(report.verification().rowsFound()).isEqualTo(backup.rows());
    assertThat(report.reportKey()).isEqualTo("prod/shop/drills/20261122T050000Z.json");
    DrillReport stored = Documents.read(store, report.reportKey(), DrillReport.class);
    assertThat(stored).isEqualTo(report);
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void aFailingDrillStillDropsItsScratchDatabaseAndReportsTheFailure(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(
        env,
        worker,
        """
        - sql: SELECT count(*) FROM sales.customers
          expect: "> 1000000"
        """,
        "{ rto: 10m }");
    backup(client, worker, "backup/shop/manual");

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                client
                    .newWorkflowStub(
                        RestoreDrillWorkflow.class, options(worker, "drill/shop/manual"))
                    .run(new DrillRequest("shop", null, "shop")));

    ApplicationFailure cause = failure(e);
    assertThat(cause.getType()).isEqualTo("DRILL_FAILED");
    DrillReport report = cause.getDetails().get(DrillReport.class);
    assertThat(report.passed()).isFalse();
    assertThat(report.failureType()).isEqualTo("VERIFICATION_FAILED");
    assertThat(report.scratchDropped()).isTrue();
    assertThat(pg.databaseExists(report.scratchDatabase())).isFalse();
    assertThat(report.verification().assertionsFailed()).isEqualTo(1);
    assertThat(report.recoveryTime()).isPositive();
    assertThat(store.stat(report.reportKey())).isPresent();
    assertThat(
            pg.count("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'drill\\_%'"))
        .isZero();
  }

  private static BackupManifest withTables(BackupManifest m, List<TableRows> tables) {
    return new BackupManifest(
        m.formatVersion(),
        m.target(),
        m.database(),
        m.key(),
        m.workflowId(),
        m.sha256(),
        m.bytes(),
        m.dumpBytes(),
        m.compression(),
        m.format(),
        m.serverVersion(),
        m.serverVersionNum(),
        m.pgDumpMajor(),
        m.databaseSizeBytes(),
        m.lsn(),
        m.startedAt(),
        m.finishedAt(),
        tables);
  }
}
