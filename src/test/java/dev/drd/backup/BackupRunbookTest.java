package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.TableRows;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.DrillReports;
import dev.drd.testing.ManualRestore;
import dev.drd.testing.Poll;
import dev.drd.testing.Sql;
import dev.drd.testing.StoredBackups;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import dev.drd.watchdog.RecoveryPoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backup runbook end to end on a real PostgreSQL and a real S3 API. */
class BackupRunbookTest {
  static TestPostgres pg;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(BackupWorkflowImpl.class);

  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void database() {
    pg = TestPostgres.start();
    pg.createDatabase("shop");
    pg.execute("shop", Sql.TRICKY);
    pg.createPasswordRole("right-password");
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private DrdConfig config(String targetsYaml) {
    return new ConfigLoader(Map.of())
        .load(
            new ConfigSource(
                "test", TestConfigs.yaml("127.0.0.1:7233", "q", storage, targetsYaml, "")));
  }

  private String shopTarget(String name, String more) {
    return TestConfigs.target(name, pg.host(), pg.port(), "shop", more);
  }

  private void start(
      TestWorkflowEnvironment env,
      Worker worker,
      DrdConfig config,
      Map<String, String> secrets,
      Clock clock) {
    worker.registerActivitiesImplementations(activities(config, secrets, clock));
    env.start();
  }

  /** A worker backing up the shop database as the target {@code name}, with more settings. */
  private void startShop(TestWorkflowEnvironment env, Worker worker, String name, String more) {
    start(env, worker, config(shopTarget(name, more)), Map.of(), Clock.systemUTC());
  }

  private BackupActivitiesImpl activities(
      DrdConfig config, Map<String, String> secrets, Clock clock) {
    return new BackupActivitiesImpl(
        config,
        new Secrets(secrets),
        () -> PgTools.locate(Optional.empty()),
        store,
        new BackupMetrics(registry),
        new RecoveryPoints(store, new BackupLayout(config.storage().prefix())),
        clock,
        RecoveryInProgress.NONE);
  }

  private static BackupWorkflow workflow(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        BackupWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
  }

  private static BackupRequest byHand(String target) {
    return new BackupRequest(target, null, Duration.ofMinutes(10));
  }

  @Test
  void aBackupIsARestorableArchiveThatMatchesItsManifest(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "shop", "");

    BackupResult result = workflow(client, worker, "backup/shop/manual").run(byHand("shop"));

    byte[] object = store.read(result.key());
    assertThat(object).hasSize((int) result.bytes());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
        .isEqualTo(result.sha256());
    BackupManifest manifest = BackupManifest.fromJson(store.read(result.manifestKey()));
    assertThat(manifest.sha256()).isEqualTo(result.sha256());
    assertThat(manifest.workflowId()).isEqualTo("backup/shop/manual");
    assertThat(manifest.lsn()).matches("[0-9A-F]+/[0-9A-F]+");
    assertThat(manifest.serverVersionNum()).isGreaterThanOrEqualTo(140000);
    assertThat(manifest.tables())
        .extracting(t -> t.schema() + "." + t.name())
        .contains(
            "Weird Schema.Mixed Case \"Quoted\" Table",
            "public.grüße",
            "public.events_2025",
            "public.events_2026")
        .doesNotContain("public.events");
    assertThat(manifest.tables())
        .contains(
            new TableRows("sales", "orders", 30_000), new TableRows("public", "empty_table", 0));
    assertThat(ManualRestore.list(object).exitCode()).isZero();

    pg.createDatabase("shop_restored");
    ManualRestore.Result restored = ManualRestore.into(pg, "shop_restored", object);
    assertThat(restored.exitCode()).as(restored.output()).isZero();
    for (TableRows t : manifest.tables()) {
      String table = dev.drd.postgres.Postgres.qualified(t.schema(), t.name());
      assertThat(pg.count("shop_restored", "SELECT count(*) FROM ONLY " + table))
          .as(table)
          .isEqualTo(t.rows());
    }
    assertThat(pg.count("shop_restored", "SELECT count(*) FROM sales.big_orders"))
        .isEqualTo(pg.count("shop", "SELECT count(*) FROM sales.big_orders"));
  }

  @Test
  void rowCountsDescribeTheDumpWhileWritesGoOn(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "busy", "backup: { maxRate: 2MB }");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong inserted = new AtomicLong();
    Thread writer =
        Thread.ofPlatform()
            .start(() -> {
              while (writing.get()) {
                pg.execute(
                    "shop",
                    "INSERT INTO sales.orders (customer_id, amount) SELECT 1, 1 FROM generate_series(1, 50)");
                inserted.addAndGet(50);
              }
            });
    BackupResult result;
    try {
      result = workflow(client, worker, "backup/busy/manual").run(byHand("busy"));
    } finally {
      writing.set(false);
      writer.join();
    }

    BackupManifest manifest = BackupManifest.fromJson(store.read(result.manifestKey()));
    long inManifest =
        manifest.tables().stream()
            .filter(t -> t.name().equals("orders"))
            .findFirst()
            .orElseThrow()
            .rows();
    assertThat(inserted.get()).as("rows written during the backup").isGreaterThan(0);
    assertThat(pg.count("shop", "SELECT count(*) FROM sales.orders")).isGreaterThan(inManifest);
    pg.createDatabase("shop_busy");
    assertThat(ManualRestore.into(pg, "shop_busy", store.read(result.key())).exitCode()).isZero();
    assertThat(pg.count("shop_busy", "SELECT count(*) FROM sales.orders")).isEqualTo(inManifest);
  }

  @Test
  void aCancelledBackupStopsItsDumpAndLeavesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "cancelled", "backup: { maxRate: 200kB }");
    BackupWorkflow workflow = workflow(client, worker, "backup/cancelled/manual");
    WorkflowClient.start(workflow::run, byHand("cancelled"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!(workflow.progress().phase() == BackupPhase.DUMPING && !store.list("").isEmpty()
            || incompleteUploadsIn() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(incompleteUploadsIn()).as("the dump is uploading").isPositive();

    io.temporal.client.WorkflowStub.fromTyped(workflow).cancel();
    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(BackupResult.class));

    assertThat(e.getCause()).isInstanceOf(io.temporal.failure.CanceledFailure.class);
    assertThat(store.list("")).isEmpty();
    assertThat(incompleteUploadsIn()).isZero();
    assertThat(
            pg.count(
                "postgres",
                "SELECT count(*) FROM pg_stat_activity WHERE application_name ~ '^drd [0-9a-f]{8} '"))
        .as("no pg_dump or snapshot connection left")
        .isZero();
  }

  /**
   * Issue 14, case 2: a scheduled and a manual backup of one target started at once. One dumps; the
   * other finds it through the target's lock, is SKIPPED naming it and writes nothing, so every
   * backup reported COMPLETED is the object in the bucket.
   */
  @Test
  void twoBackupsOfOneTargetAtOnceDumpOnceAndTheSecondIsSkippedNamingTheFirst(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "busy", "backup: { maxRate: 1MB }");
    Instant second = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    BackupWorkflow scheduled = workflow(client, worker, "backup/busy/" + second);
    BackupWorkflow manual = workflow(client, worker, "backup/busy/manual");

    var first =
        WorkflowClient.execute(
            scheduled::run, new BackupRequest("busy", second, Duration.ofMinutes(10)));
    var other = WorkflowClient.execute(manual::run, byHand("busy"));
    BackupResult a = first.get();
    BackupResult b = other.get();

    assertThat(java.util.List.of(a.status(), b.status()))
        .containsExactlyInAnyOrder("COMPLETED", "SKIPPED");
    BackupResult done = a.wasSkipped() ? b : a;
    BackupResult skipped = a.wasSkipped() ? a : b;
    String doneId = a.wasSkipped() ? "backup/busy/manual" : "backup/busy/" + second;
    assertThat(skipped.skipped())
        .contains(
            "a backup of busy is already running: " + doneId,
            "wrote nothing",
            "drd status " + doneId);
    assertThat(skipped.key()).isNull();
    assertThat(store.list(new BackupLayout(storage.prefix()).targetPrefix("busy")))
        .extracting(ObjectInfo::key)
        .containsExactlyInAnyOrder(done.key(), done.manifestKey());
    byte[] object = store.read(done.key());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
        .isEqualTo(done.sha256());
    assertThat(incompleteUploadsIn()).isZero();
  }

  /**
   * Issue 15, part 5: with backup.overlap: buffer, a backup that finds one of its target running
   * waits its turn (and says behind which) instead of being skipped; only one waits, a third is
   * skipped naming both, and the skip is counted.
   */
  @Test
  void withOverlapBufferOneBackupWaitsItsTurnAndAThirdIsSkipped(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "queue", "backup: { maxRate: 512kB, overlap: buffer }");
    Instant two = Instant.parse("2026-12-03T02:00:00Z");
    Instant three = Instant.parse("2026-12-03T03:00:00Z");
    String firstId = "backup/queue/" + two;
    String secondId = "backup/queue/" + three;
    BackupWorkflow first = workflow(client, worker, firstId);
    var running =
        WorkflowClient.execute(first::run, new BackupRequest("queue", two, Duration.ofMinutes(10)));
    awaitHeartbeat(client, firstId, "read from pg_dump");
    BackupWorkflow second = workflow(client, worker, secondId);
    var waiting =
        WorkflowClient.execute(
            second::run, new BackupRequest("queue", three, Duration.ofMinutes(10)));
    awaitHeartbeat(client, secondId, "waiting for its turn behind " + firstId);

    BackupResult third = workflow(client, worker, "backup/queue/manual").run(byHand("queue"));

    assertThat(third.status()).isEqualTo("SKIPPED");
    assertThat(third.skipped())
        .contains("a backup of queue is already running: " + firstId)
        .contains(secondId + " (server pid")
        .contains("already waits for its turn");
    assertThat(
            registry
                .counter("drd.backup.skipped", "target", "queue", "reason", "one_waiting")
                .count())
        .isEqualTo(1.0);
    BackupResult a = running.get();
    BackupResult b = waiting.get();
    assertThat(java.util.List.of(a.status(), b.status())).containsOnly("COMPLETED");
    assertThat(a.key()).isNotEqualTo(b.key());
    assertThat(store.list(new BackupLayout(storage.prefix()).targetPrefix("queue")))
        .extracting(ObjectInfo::key)
        .containsExactlyInAnyOrder(a.key(), a.manifestKey(), b.key(), b.manifestKey());
    for (BackupResult r : java.util.List.of(a, b)) {
      byte[] object = store.read(r.key());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
          .isEqualTo(r.sha256());
    }
  }

  private static void awaitHeartbeat(WorkflowClient client, String workflowId, String says)
      throws InterruptedException {
    Poll.until(
        Duration.ofSeconds(30),
        () ->
            "%s's heartbeat says '%s'; last: %s"
                .formatted(workflowId, says, dumpHeartbeat(client, workflowId)),
        () -> dumpHeartbeat(client, workflowId).contains(says));
  }

  /**
   * Issue 14, case 2: two backups of one second, one after the other, are two objects: keys name
   * the workflow run, never the second alone.
   */
  @Test
  void twoBackupsStampedWithTheSameSecondAreTwoObjects(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "twice", "");
    Instant second = Instant.parse("2026-12-02T02:00:00Z");

    BackupResult a =
        workflow(client, worker, "backup/twice/" + second)
            .run(new BackupRequest("twice", second, Duration.ofMinutes(10)));
    BackupResult b =
        workflow(client, worker, "backup/twice/manual")
            .run(new BackupRequest("twice", second, Duration.ofMinutes(10)));

    assertThat(a.key()).isNotEqualTo(b.key()).contains("20261202T020000Z-");
    assertThat(b.key()).contains("20261202T020000Z-");
    for (BackupResult r : java.util.List.of(a, b)) {
      byte[] object = store.read(r.key());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
          .isEqualTo(r.sha256());
      assertThat(BackupManifest.fromJson(store.read(r.manifestKey())).sha256())
          .isEqualTo(r.sha256());
    }
    assertThat(new BackupCatalog(store, new BackupLayout(storage.prefix())).entries("twice"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.complete()).isTrue());
  }

  /**
   * Issue 14, case 3: what an earlier attempt of the same workflow left on the server (its lock
   * session, a pg_dump session holding its table locks) is ended, by application_name, before the
   * new attempt starts; sessions of other applications are left alone.
   */
  @Test
  void aNewAttemptEndsTheSessionsAnEarlierAttemptOfItsWorkflowLeft(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "leftover", "");
    dev.drd.postgres.SessionTag tag = new dev.drd.postgres.SessionTag("backup/leftover/manual");
    try (java.sql.Connection lockSession =
            dev.drd.postgres.Postgres.connect(pg.endpoint("shop"), tag.applicationName("lock"));
        java.sql.Connection dumpSession =
            dev.drd.postgres.Postgres.connect(pg.endpoint("shop"), tag.applicationName("dump"));
        java.sql.Connection bystander =
            dev.drd.postgres.Postgres.connect(pg.endpoint("shop"), "someone else")) {
      try (java.sql.Statement st = lockSession.createStatement()) {
        st.execute("SELECT pg_advisory_lock(1685218304, 1)");
      }
      dumpSession.setAutoCommit(false);
      try (java.sql.Statement st = dumpSession.createStatement()) {
        st.execute("LOCK TABLE public.\"grüße\" IN ACCESS SHARE MODE");
      }

      BackupResult result =
          workflow(client, worker, "backup/leftover/manual").run(byHand("leftover"));

      assertThat(result.status()).isEqualTo("COMPLETED");
      assertThat(lockSession.isValid(2)).as("the earlier attempt's lock session").isFalse();
      assertThat(dumpSession.isValid(2)).as("the earlier attempt's pg_dump session").isFalse();
      assertThat(bystander.isValid(2)).as("another application's session").isTrue();
    }
  }

  /**
   * Issue 14, case 3 (and the heartbeat that does not depend on data): a backup waiting on a table
   * lock that a migration holds moves no data, yet heartbeats; when it is cancelled, it learns so
   * from its heartbeat and ends its waiting session at once, instead of holding its place in the
   * lock queue until the migration ends.
   */
  @Test
  void aCancelledBackupWaitingOnATableLockEndsItsSessionsAtOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "locked", "");
    String drdSessions =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name ~ '^drd [0-9a-f]{8} '";
    try (java.sql.Connection migration =
        dev.drd.postgres.Postgres.connect(pg.endpoint("shop"), "a long migration")) {
      migration.setAutoCommit(false);
      try (java.sql.Statement st = migration.createStatement()) {
        st.execute("LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE");
      }
      BackupWorkflow workflow = workflow(client, worker, "backup/locked/manual");
      WorkflowClient.start(workflow::run, byHand("locked"));
      awaitCount(
          "SELECT count(*) FROM pg_stat_activity WHERE application_name ~ '^drd [0-9a-f]{8} snapshot'"
              + " AND wait_event_type = 'Lock'",
          1);

      io.temporal.client.WorkflowStub.fromTyped(workflow).cancel();

      awaitCount(drdSessions, 0);
      assertThat(migration.isValid(2)).as("the migration goes on").isTrue();
      migration.rollback();
    }
  }

  /**
   * Issue 15, part 2: a long migration holds a table when the backup starts. Nothing moves while
   * the snapshot waits for its lock, yet the dump heartbeats, says what it waits on and who holds
   * it, and completes as its first attempt after waiting longer than its heartbeat timeout (30 s).
   */
  @Test
  void aDumpWaitingOnALockLongerThanItsHeartbeatTimeoutSaysWhyAndCompletesAsAttemptOne(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startShop(env, worker, "patient", "");
    String id = "backup/patient/manual";
    BackupResult result;
    try (java.sql.Connection migration =
        dev.drd.postgres.Postgres.connect(pg.endpoint("shop"), "a long migration")) {
      migration.setAutoCommit(false);
      long migrationPid;
      try (java.sql.Statement st = migration.createStatement()) {
        st.execute("LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE");
        try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          migrationPid = rs.getLong(1);
        }
      }
      BackupWorkflow workflow = workflow(client, worker, id);
      var running = WorkflowClient.execute(workflow::run, byHand("patient"));
      long waitingSince = System.nanoTime();
      long deadline = waitingSince + Duration.ofSeconds(30).toNanos();
      String summary = "";
      while (!summary.contains("for a lock on table sales.orders held by pid " + migrationPid)) {
        assertThat(System.nanoTime()).as("last heartbeat: %s", summary).isLessThan(deadline);
        Thread.sleep(500);
        summary = dumpHeartbeat(client, id);
      }
      assertThat(summary).startsWith("snapshot waiting ");
      while (System.nanoTime() - waitingSince < Duration.ofSeconds(35).toNanos()) {
        Thread.sleep(500); // the wait must outlast the 30 s heartbeat timeout
      }
      migration.rollback();
      result = running.get(2, java.util.concurrent.TimeUnit.MINUTES);
    }

    assertThat(result.status()).isEqualTo("COMPLETED");
    assertThat(client.fetchHistory(id).getEvents())
        .filteredOn(e -> e.hasActivityTaskStartedEventAttributes())
        .extracting(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .as("no activity needed a second attempt")
        .containsOnly(1);
  }

  /** The summary of the running dump's last heartbeat, as status shows it; "" if none yet. */
  private static String dumpHeartbeat(WorkflowClient client, String workflowId) {
    return dev.drd.temporal.Executions.describe(client, workflowId)
        .getPendingActivitiesList()
        .stream()
        .filter(a -> a.getActivityType().getName().equals("BackupDump"))
        .filter(a -> a.hasHeartbeatDetails())
        .map(a ->
            client
                .getOptions()
                .getDataConverter()
                .fromPayloads(
                    0,
                    Optional.of(a.getHeartbeatDetails()),
                    DumpHeartbeat.class,
                    DumpHeartbeat.class)
                .summary())
        .findFirst()
        .orElse("");
  }

  private static void awaitCount(String sql, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (pg.count("shop", sql) != expected) {
      assertThat(System.nanoTime()).as("waiting for %s = %d", sql, expected).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private int incompleteUploadsIn() {
    try (software.amazon.awssdk.services.s3.S3Client s3 = TestS3.client()) {
      return s3.listMultipartUploads(r -> r.bucket(storage.bucket())).uploads().size();
    }
  }

  @Test
  void badCredentialsAMissingDatabaseAndAnUnknownTargetFailFastAndLeaveNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    String targets =
        TestConfigs.target("wrongpw", pg.host(), pg.port(), "shop", "passwordEnv: WRONG_PW")
                .replace("user: postgres", "user: " + TestPostgres.PASSWORD_ROLE)
            + TestConfigs.target("nodb", pg.host(), pg.port(), "no_such_db", "");
    start(env, worker, config(targets), Map.of("WRONG_PW", "wrong-password"), Clock.systemUTC());

    assertThat(failureOf(client, worker, "wrongpw")).isEqualTo("BAD_CREDENTIALS");
    assertThat(failureOf(client, worker, "nodb")).isEqualTo("DATABASE_NOT_FOUND");
    assertThat(failureOf(client, worker, "nosuchtarget")).isEqualTo("UNKNOWN_TARGET");
    for (String id : new String[] {"backup/wrongpw/manual", "backup/nodb/manual"}) {
      long inspectAttempts =
          client.fetchHistory(id).getEvents().stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
              .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
              .max()
              .orElseThrow();
      assertThat(inspectAttempts).as("attempts of " + id).isEqualTo(1);
    }
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void theRightPasswordFromTheDaemonsEnvironmentWorks(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    String target =
        TestConfigs.target("rightpw", pg.host(), pg.port(), "shop", "passwordEnv: RIGHT_PW")
            .replace("user: postgres", "user: " + TestPostgres.PASSWORD_ROLE);
    start(env, worker, config(target), Map.of("RIGHT_PW", "right-password"), Clock.systemUTC());

    BackupResult result = workflow(client, worker, "backup/rightpw/manual").run(byHand("rightpw"));

    assertThat(result.rows()).isGreaterThan(50_000);
    // proto text shows payloads (inputs, results, heartbeats) as text; JSON would base64 them
    String history = client.fetchHistory("backup/rightpw/manual").toProtoText(true);
    assertThat(history).contains("rightpw").doesNotContain("right-password");
  }

  @Test
  void retentionDeletesOldBackupsAndStaleIncompleteDumpsButNeverTheNewestDrilledOne() {
    BackupLayout layout = new BackupLayout(storage.prefix());
    for (int day = 20; day <= 23; day++) {
      Instant taken = at("2026-11-%dT02:00:00Z".formatted(day));
      StoredBackups.put(store, "shop", layout.keys("shop", taken), taken);
    }
    BackupKeys incomplete = layout.keys("shop", at("2026-11-23T12:00:00Z"));
    store.put(incomplete.dump(), new byte[] {1}, "application/zstd");
    BackupKeys manifestOnly = layout.keys("shop", at("2026-11-19T02:00:00Z"));
    store.put(manifestOnly.manifest(), new byte[] {'{', '}'}, "application/json");
    BackupKeys drilled = layout.keys("shop", at("2026-11-20T02:00:00Z"));
    store.put(
        layout.drillReportKey("shop", at("2026-11-21T05:00:00Z")),
        DrillReports.json("shop", drilled.dump(), at("2026-11-20T02:00:00Z"), true),
        "application/json");
    store.put(
        layout.drillReportKey("shop", at("2026-11-22T05:00:00Z")),
        DrillReports.json(
            "shop",
            layout.keys("shop", at("2026-11-21T02:00:00Z")).dump(),
            at("2026-11-21T02:00:00Z"),
            false),
        "application/json");
    DrdConfig config =
        config(
            shopTarget(
                "shop", "backup: { retention: { daily: 2, weekly: 0, monthly: 0, keepLast: 1 } }"));
    Clock twoDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));

    RetentionResult result =
        inActivityEnvironment(
            config, twoDaysLater, null, a -> a.applyRetention(new RetentionRequest("shop")));

    assertThat(result.deleted())
        .as("the 20th is older than two days, but the newest backup a drill passed on")
        .containsExactly(layout.keys("shop", at("2026-11-21T02:00:00Z")).dump());
    assertThat(result.kept()).isEqualTo(3);
    assertThat(result.incompleteDeleted()).containsExactly(incomplete.dump());
    assertThat(store.list(layout.targetPrefix("shop")))
        .extracting(ObjectInfo::key)
        .filteredOn(key -> !key.contains("/drills/"))
        .containsExactlyInAnyOrder(
            manifestOnly.manifest(),
            drilled.dump(),
            drilled.manifest(),
            layout.keys("shop", at("2026-11-22T02:00:00Z")).dump(),
            layout.keys("shop", at("2026-11-22T02:00:00Z")).manifest(),
            layout.keys("shop", at("2026-11-23T02:00:00Z")).dump(),
            layout.keys("shop", at("2026-11-23T02:00:00Z")).manifest());
  }

  /**
   * Issue 14, case 10: an upload an S3 outage left open is aborted by retention once it is older
   * than any attempt may run; a young one (a dump that may be running) is left alone.
   */
  @Test
  void retentionAbortsUploadsLeftOpenLongerThanAnyAttemptRuns() {
    BackupLayout layout = new BackupLayout(storage.prefix());
    String stale = layout.keys("stale", at("2026-11-24T02:00:00Z"), "0000aaaa").dump();
    store.startUpload(stale, "application/zstd");
    DrdConfig config = config(shopTarget("stale", "backup: { timeout: 2h }"));

    RetentionResult young =
        inActivityEnvironment(
            config, Clock.systemUTC(), null, a -> a.applyRetention(new RetentionRequest("stale")));
    assertThat(young.uploadsAborted()).isEmpty();
    assertThat(incompleteUploads(stale)).isEqualTo(1);

    RetentionResult later =
        inActivityEnvironment(
            config,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(3).plusMinutes(1)),
            null,
            a -> a.applyRetention(new RetentionRequest("stale")));
    assertThat(later.uploadsAborted()).containsExactly(stale);
    assertThat(incompleteUploads(stale)).isZero();
  }

  @Test
  void aRetriedDumpAbortsTheUploadsItsEarlierAttemptsLeft() throws Exception {
    String key = new BackupLayout(storage.prefix()).keys("shop", at("2026-11-24T02:00:00Z")).dump();
    String remembered = store.startUpload(key, "application/zstd").uploadId();
    store.startUpload(key, "application/zstd");
    assertThat(incompleteUploads(key)).isEqualTo(2);

    DumpResult dump =
        inActivityEnvironment(
            config(shopTarget("shop", "")),
            Clock.systemUTC(),
            new DumpHeartbeat(remembered, 1_000, 0, "", "earlier attempt"),
            a -> a.dump(new DumpRequest("shop", key, 0)));

    assertThat(incompleteUploads(key)).isZero();
    assertThat(store.stat(key)).get().extracting(ObjectInfo::size).isEqualTo(dump.bytes());
  }

  private int incompleteUploads(String key) {
    try (software.amazon.awssdk.services.s3.S3Client s3 = TestS3.client()) {
      return (int)
          s3.listMultipartUploads(r -> r.bucket(storage.bucket()).prefix(key)).uploads().stream()
              .filter(u -> u.key().equals(key))
              .count();
    }
  }

  private <T> T inActivityEnvironment(
      DrdConfig config,
      Clock clock,
      DumpHeartbeat earlier,
      java.util.function.Function<BackupActivities, T> call) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(activities(config, Map.of(), clock));
      if (earlier != null) {
        env.setHeartbeatDetails(earlier);
      }
      BackupActivities stub =
          env.newActivityStub(
              BackupActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(2))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      return call.apply(stub);
    } finally {
      env.close();
    }
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static String failureOf(WorkflowClient client, Worker worker, String target) {
    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow(client, worker, "backup/" + target + "/manual").run(byHand(target)));
    return ((ApplicationFailure) e.getCause().getCause()).getType();
  }
}
