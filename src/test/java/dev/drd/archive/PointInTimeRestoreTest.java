package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.drill.DrillActivitiesImpl;
import dev.drd.drill.DrillMetrics;
import dev.drd.drill.DrillReport;
import dev.drd.drill.DrillRequest;
import dev.drd.drill.RestoreDrillWorkflow;
import dev.drd.drill.RestoreDrillWorkflowImpl;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Lsn;
import dev.drd.restore.RestoreLauncher;
import dev.drd.restore.RestoreRequest;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.WorkQueues;
import dev.drd.testing.Poll;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time restores from a base backup and the archive, on a real primary, a real S3 API and
 * real recoveries: the rows a point holds, and only those.
 */
class PointInTimeRestoreTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflows.extension(
          ArchiverWorkflowImpl.class,
          BaseBackupWorkflowImpl.class,
          PointInTimeRestoreWorkflowImpl.class,
          RestoreDrillWorkflowImpl.class);

  @TempDir Path workDir;
  @TempDir Path restores;
  private TestPostgres pg;
  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private ArchiverActivitiesImpl archivers;

  @BeforeEach
  void server() {
    pg = TestPostgres.startLocal();
    pg.createDatabase("shop");
    pg.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY, note text)");
  }

  @AfterEach
  void stop() throws IOException {
    if (archivers != null) {
      archivers.handOver();
    }
    pg.close();
  }

  private void start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client)
      throws Exception {
    DrdConfig config =
        TestArchives.config(
            storage,
            pg,
            workDir,
            """
            verify:
              assertions:
                - name: every order has a note
                  sql: SELECT count(*) FROM orders WHERE note IS NULL
                  expect: "= 0"
            """);
    archivers = TestArchives.archivers(config, store);
    TestWorkflows.activitiesOnEveryQueue(
        env,
        worker,
        archivers,
        TestArchives.baseBackups(config, store),
        new PointInTimeActivitiesImpl(
            config, new Secrets(Map.of()), TestPostgres::tools, store, Clock.systemUTC()),
        new DrillActivitiesImpl(
            config,
            new Secrets(Map.of()),
            store,
            new DrillMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC()));
    env.start();
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("shop", Duration.ofMinutes(10));
    TestArchives.awaitStreaming(store, storage);
    TestArchives.baseBackup(client, worker.getTaskQueue());
  }

  private PitrResult restore(WorkflowClient client, Worker worker, String at, Path dir) {
    return client
        .newWorkflowStub(
            PointInTimeRestoreWorkflow.class, options(worker, "pitr/shop/" + dir.getFileName()))
        .run(PitrRequest.dataDir("shop", at, dir.toString()));
  }

  private static WorkflowOptions options(Worker worker, String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(worker.getTaskQueue())
        .setMemo(WorkQueues.memo())
        .build();
  }

  private PitrResult into(WorkflowClient client, Worker worker, String at, String database) {
    String id =
        new PitrLauncher(client, worker.getTaskQueue())
            .start(PitrRequest.into("shop", at, database, "shop", List.of()))
            .getWorkflowId();
    return client.newUntypedWorkflowStub(id).getResult(PitrResult.class);
  }

  private DrillReport drill(WorkflowClient client, Worker worker, String at) {
    return client
        .newWorkflowStub(RestoreDrillWorkflow.class, options(worker, "drill/shop/" + at))
        .run(new DrillRequest("shop", null, "shop", at));
  }

  /** The order ids of a database of the test's server. */
  private String orders(String database) {
    return pg.text(database, "SELECT string_agg(id::text, ',' ORDER BY id) FROM orders");
  }

  /**
   * A point after every commit so far and before any later one: the server's clock read after the
   * last commit, and past it before this returns.
   */
  private Instant pointAfterLastCommit() throws InterruptedException {
    Instant point = Instant.parse(pg.text("shop", "SELECT to_json(clock_timestamp())#>>'{}'"));
    Poll.until(
        Duration.ofSeconds(5),
        () -> "the server's clock at " + point,
        () ->
            Instant.parse(pg.text("shop", "SELECT to_json(clock_timestamp())#>>'{}'"))
                .isAfter(point.plusMillis(5)));
    return point;
  }

  /** What a restore left in the work directory: nothing of its own once it ended. */
  /** The key of the WAL segment where the base backup starts: every restore replays it. */
  private String firstWholeSegment() {
    BaseBackupManifest base = BaseBackups.complete(store, storage.prefix(), "shop").get(0);
    String name = new WalSegments(16 << 20).name(1, Lsn.parse(base.startLsn()));
    return new WalLayout(storage.prefix()).segment("shop", name);
  }

  private List<String> restoresLeftIn(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("pitr-"))
          .toList();
    }
  }

  private long insert(int id) {
    pg.execute("shop", "INSERT INTO orders VALUES (%d, 'order %d')".formatted(id, id));
    return Lsn.parse(pg.text("shop", "SELECT pg_current_wal_lsn()::text"));
  }

  private void awaitArchived(long lsn) throws InterruptedException {
    Poll.until(
        Duration.ofSeconds(30),
        () -> "archive: " + ArchiveStatus.read(store, storage.prefix(), "shop"),
        () ->
            ArchiveStatus.read(store, storage.prefix(), "shop")
                .map(s -> s.archivedLsn() != null && Lsn.parse(s.archivedLsn()) >= lsn)
                .orElse(false));
  }

  @Test
  void aTimeBetweenTwoCommitsAndAnLsnGiveExactlyTheRowsCommittedBefore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    long afterFirst = insert(1);
    Instant between = pointAfterLastCommit();
    awaitArchived(insert(2));
    Instant afterAll = pointAfterLastCommit();
    Poll.until(
        Duration.ofSeconds(30),
        () -> "archive complete until " + afterAll,
        () ->
            ArchiveStatus.read(store, storage.prefix(), "shop")
                .map(s -> !s.completeUntil().isBefore(afterAll))
                .orElse(false));

    PitrResult byTime = restore(client, worker, between.toString(), restores.resolve("by-time"));
    PitrResult byLsn = restore(client, worker, Lsn.format(afterFirst), restores.resolve("by-lsn"));
    // no commit after it: replay runs to the archive's end, which holds every commit before it
    restore(client, worker, afterAll.toString(), restores.resolve("after-all"));

    assertThat(TestArchives.ordersIn(restores.resolve("by-time"))).containsExactly(1);
    assertThat(TestArchives.ordersIn(restores.resolve("by-lsn"))).containsExactly(1);
    assertThat(TestArchives.ordersIn(restores.resolve("after-all"))).containsExactly(1, 2);
    assertThat(byTime.reachedCommitTime()).isBefore(between);
    assertThat(byTime.timeline()).isEqualTo(2);
    assertThat(Lsn.parse(byLsn.reachedLsn())).isGreaterThanOrEqualTo(afterFirst);
    assertThat(byLsn.walSegments()).isPositive();
    assertThat(restores.resolve("by-time").resolve("recovery.signal")).doesNotExist();
    assertThat(Files.readString(restores.resolve("by-time").resolve("postgresql.auto.conf")))
        .doesNotContain("restore_command");
    TestWorkflows.recordHistory(client, "pitr/shop/by-time", "pitr-completed.json");
  }

  @Test
  void latestAfterThePrimaryCrashedHoldsEveryCommitOlderThanMaxDelay(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    insert(1);
    long last = insert(2);
    // maxDelay is 2 s: within it, and the upload's time, the archive holds both commits
    Poll.until(
        Duration.ofMillis(4500),
        () -> "archive: " + ArchiveStatus.read(store, storage.prefix(), "shop"),
        () ->
            ArchiveStatus.read(store, storage.prefix(), "shop")
                .map(s -> Lsn.parse(s.archivedLsn()) >= last)
                .orElse(false));
    pg.primary().crash();

    PitrResult latest = restore(client, worker, "latest", restores.resolve("latest"));

    assertThat(TestArchives.ordersIn(restores.resolve("latest"))).containsExactly(1, 2);
    assertThat(latest.at()).isEqualTo("latest");
  }

  @Test
  void aPointOutsideTheRecoveryWindowIsRefusedBeforeAnythingIsTouched(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    Path dir = restores.resolve("never");

    WorkflowFailedException before =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> restore(client, worker, "2020-01-01T00:00:00Z", dir));
    WorkflowFailedException after =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> restore(client, worker, "FF/0", dir));

    ApplicationFailure tooEarly = (ApplicationFailure) before.getCause().getCause();
    assertThat(tooEarly.getType()).isEqualTo("PITR_REFUSED");
    assertThat(tooEarly.getOriginalMessage())
        .contains("before the oldest base backup", "the recovery window is", "Nothing was touched");
    ApplicationFailure tooLate = (ApplicationFailure) after.getCause().getCause();
    assertThat(tooLate.getOriginalMessage()).contains("after the newest archived WAL");
    assertThat(dir).doesNotExist();
    TestWorkflows.recordHistory(client, "pitr/shop/never", "pitr-refused.json");
  }

  @Test
  void oneDatabaseAtAPointGoesIntoTheLiveServerBesideTheUntouchedOnes(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    pg.createDatabase("other");
    pg.execute("other", "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
    start(env, worker, client);
    insert(1);
    Instant between = pointAfterLastCommit();
    awaitArchived(insert(2));

    PitrResult copy = into(client, worker, between.toString(), "shop_before");
    TestWorkflows.recordHistory(client, "restore/shop/shop_before", "pitr-into-completed.json");

    assertThat(orders("shop_before")).isEqualTo("1");
    assertThat(orders("shop")).isEqualTo("1,2");
    assertThat(pg.text("other", "SELECT string_agg(id::text, ',') FROM kept")).isEqualTo("7");
    assertThat(copy.verification().tablesChecked()).isEqualTo(1);
    assertThat(copy.verification().rowsFound()).isEqualTo(1);
    assertThat(copy.verification().passed()).isTrue();
    assertThat(copy.reachedCommitTime()).isBefore(between);
    assertThat(copy.dataDir()).isNull();
    assertThat(restoresLeftIn(workDir)).isEmpty();

    WorkflowFailedException again =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> into(client, worker, "latest", "shop_before"));
    ApplicationFailure refused = (ApplicationFailure) again.getCause().getCause();
    assertThat(refused.getType()).isEqualTo("TARGET_NOT_EMPTY");
    assertThat(refused.getOriginalMessage()).contains("shop_before", "Nothing was touched");
    assertThat(orders("shop_before")).isEqualTo("1");
  }

  @Test
  void aDamagedWalObjectOrBaseBackupIsRefusedWithItsKeyNamedAndTheDirectoryCleared(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    awaitArchived(insert(1));
    String key = firstWholeSegment();
    Map<String, String> recorded = store.metadata(key).orElseThrow();
    byte[] original;
    try (var in = store.open(key)) {
      original = in.readAllBytes();
    }
    store.put(key, new byte[] {40, -75, 47, -3, 0, 0, 1, 0, 0}, "application/zstd", recorded);
    Path dir = restores.resolve("damaged");

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> restore(client, worker, "latest", dir));

    ApplicationFailure damaged = (ApplicationFailure) failed.getCause().getCause();
    assertThat(damaged.getType()).isEqualTo("CHECKSUM_MISMATCH");
    assertThat(damaged.getOriginalMessage()).contains(key, "is damaged", recorded.get("sha256"));
    assertThat(dir).as("drd created it, and takes it away").doesNotExist();
    assertThat(restoresLeftIn(workDir)).isEmpty();

    // the WAL whole again, one byte of the base backup flipped; the directory given, empty
    store.put(key, original, "application/zstd", recorded);
    BaseBackupManifest base = BaseBackups.complete(store, storage.prefix(), "shop").get(0);
    byte[] tar;
    try (var in = store.open(base.key())) {
      tar = in.readAllBytes();
    }
    tar[tar.length / 2] ^= 0x5A;
    store.put(base.key(), tar, "application/zstd", Map.of());
    Files.createDirectories(dir);

    WorkflowFailedException rotten =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> restore(client, worker, "latest", dir));

    ApplicationFailure baseDamaged = (ApplicationFailure) rotten.getCause().getCause();
    assertThat(baseDamaged.getType()).isEqualTo("CHECKSUM_MISMATCH");
    assertThat(baseDamaged.getOriginalMessage()).contains(base.key(), "is damaged", base.sha256());
    assertThat(dir).as("given empty, left empty").isEmptyDirectory();
  }

  @Test
  void aGapInTheArchiveIsRecordedAndARestoreThatWouldCrossItRefused(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    awaitArchived(insert(1));
    // the archiver stops, its slot is dropped and the server lets its WAL go meanwhile
    client.newUntypedWorkflowStub(ArchiverLauncher.workflowId("shop")).terminate("test");
    Poll.until(
        Duration.ofSeconds(30),
        () -> "the slot is still streamed",
        () ->
            pg.count(
                    "shop",
                    "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'drd_shop'"
                        + " AND active")
                == 0);
    pg.execute("shop", "SELECT pg_drop_replication_slot('drd_shop')");
    for (int id = 2; id <= 4; id++) {
      insert(id);
      pg.execute("shop", "SELECT pg_switch_wal()");
    }
    pg.execute("shop", "CHECKPOINT");
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("shop", Duration.ofMinutes(10));
    long after = insert(5);
    awaitArchived(after);
    List<String> gaps = ArchiveStatus.read(store, storage.prefix(), "shop").orElseThrow().gaps();
    Path dir = restores.resolve("past-the-gap");

    WorkflowFailedException refused =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> restore(client, worker, "latest", dir));

    assertThat(gaps).hasSize(1);
    ApplicationFailure failure = (ApplicationFailure) refused.getCause().getCause();
    assertThat(failure.getType()).isEqualTo("PITR_REFUSED");
    assertThat(failure.getOriginalMessage())
        .contains("the archive misses WAL " + gaps.get(0), "Nothing was touched");
    assertThat(dir).doesNotExist();
  }

  @Test
  void twoCopiesOfOneTargetAtOnceEachHoldTheirOwnPoint(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    insert(1);
    Instant between = pointAfterLastCommit();
    awaitArchived(insert(2));
    PitrLauncher launcher = new PitrLauncher(client, worker.getTaskQueue());

    String before =
        launcher
            .start(PitrRequest.into("shop", between.toString(), "shop_a", "shop", List.of()))
            .getWorkflowId();
    String now =
        launcher
            .start(PitrRequest.into("shop", "latest", "shop_b", "shop", List.of()))
            .getWorkflowId();
    DrdException dumpIntoTheSame =
        catchThrowableOfType(
            DrdException.class,
            () ->
                new RestoreLauncher(client, worker.getTaskQueue())
                    .start(
                        new RestoreRequest(
                            "shop", "latest", "shop", "shop_a", null, false, false)));
    client.newUntypedWorkflowStub(before).getResult(PitrResult.class);
    client.newUntypedWorkflowStub(now).getResult(PitrResult.class);

    assertThat(dumpIntoTheSame.type()).isEqualTo(FailureType.RESTORE_CONFLICT);
    assertThat(dumpIntoTheSame.getMessage())
        .contains("another runbook writes into shop_a", "restore/shop/shop_a", "not started");
    assertThat(orders("shop_a")).isEqualTo("1");
    assertThat(orders("shop_b")).isEqualTo("1,2");
    assertThat(restoresLeftIn(workDir)).isEmpty();
  }

  @Test
  void aDrillRecoversInATemporaryClusterVerifiesItThereAndRemovesIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    insert(1);
    long last = insert(2);
    awaitArchived(last);

    DrillReport latest = drill(client, worker, "latest");
    TestWorkflows.recordHistory(client, "drill/shop/latest", "drill-pitr-passed.json");
    DrillReport random = drill(client, worker, "random");

    assertThat(latest.passed()).as(latest.summary()).isTrue();
    assertThat(Lsn.parse(latest.pointInTime().reachedLsn())).isGreaterThanOrEqualTo(last);
    assertThat(latest.verification().rowsFound()).isEqualTo(2);
    assertThat(latest.verification().assertions()).singleElement().matches(a -> a.passed());
    assertThat(latest.backupKey()).contains("/base/");
    assertThat(latest.recoveryTime()).isPositive();
    assertThat(latest.backupAge()).as("the archive's lag: the RPO").isNotNull();
    assertThat(store.stat(latest.reportKey())).isPresent();
    assertThat(random.passed()).as(random.summary()).isTrue();
    assertThat(random.pointInTime().at()).isEqualTo("random");
    assertThat(Instant.parse(random.pointInTime().point()))
        .isAfterOrEqualTo(random.backupTakenAt())
        .isBeforeOrEqualTo(random.startedAt());
    assertThat(random.backupAge()).as("no RPO for a chosen point").isNull();
    assertThat(restoresLeftIn(workDir)).isEmpty();
  }
}
