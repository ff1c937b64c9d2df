package dev.drd.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.backup.BackupManifest;
import dev.drd.backup.BackupRequest;
import dev.drd.backup.BackupResult;
import dev.drd.backup.BackupWorkflow;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.daemon.Runbooks;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.TableRows;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreWorkflow;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.Executions;
import dev.drd.testing.ManualRestore;
import dev.drd.testing.Sql;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PostgreSQL failing under the runbooks: crashed in the middle of a dump, and a restore work dir
 * without room. A local cluster, because the tests crash and restart it; a real S3 API; the
 * daemon's own worker wiring.
 */
class PostgresFaultsTest {
  private static final int FILLER_ROWS = 200_000;
  private static final String BACKUP_ID = "backup/shop/manual";
  private static final BackupRequest BY_HAND =
      new BackupRequest("shop", null, Duration.ofMinutes(5));

  static TestPostgres pg;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(); // Runbooks registers

  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);

  @TempDir Path workDir;

  @BeforeAll
  static void database() {
    pg = TestPostgres.startLocal();
    pg.createDatabase("shop");
    pg.execute("shop", Sql.TRICKY);
    // ~27 MiB to dump: at the target's maxRate the dump lasts seconds, long enough to crash into.
    pg.execute(
        "shop",
        "CREATE TABLE public.filler (id int, line text);"
            + " INSERT INTO public.filler SELECT g, repeat(md5(g::text), 4)"
            + " FROM generate_series(1, %d) g;".formatted(FILLER_ROWS));
    // A restart after a crash then replays little WAL: the server is back within the dump's 10 s
    // retry backoff.
    pg.execute("postgres", "CHECKPOINT");
  }

  @AfterEach
  void serverRunsAgain() throws IOException {
    pg.primary().start();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private void start(
      TestWorkflowEnvironment env, Worker worker, String targetMore, DataSize keepFree) {
    DrdConfig config =
        TestConfigs.load(
            storage,
            TestConfigs.target("shop", pg.host(), pg.port(), "shop", targetMore),
            "restore:\n  workDir: %s\n  keepFree: %d\n".formatted(workDir, keepFree.bytes()));
    Runbooks.register(worker, config, new Secrets(Map.of()), store, new SimpleMeterRegistry());
    env.start();
  }

  /** Starts a throttled backup and crashes the server while pg_dump copies the filler table. */
  private WorkflowStub backupCrashedMidDump(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, "backup: { maxRate: 10MB }", DataSize.ofMebibytes(1));
    BackupWorkflow workflow =
        client.newWorkflowStub(BackupWorkflow.class, options(worker, BACKUP_ID));
    WorkflowClient.start(workflow::run, BY_HAND);
    await(
        "pg_dump copying public.filler",
        () ->
            pg.count(
                    "shop",
                    "SELECT count(*) FROM pg_stat_progress_copy"
                        + " WHERE relid = 'public.filler'::regclass")
                > 0);
    pg.primary().crash();
    return WorkflowStub.fromTyped(workflow);
  }

  @Test
  void aDumpCutByACrashIsRetriedOnceTheServerIsBackIntoOneValidBackup(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    WorkflowStub backup = backupCrashedMidDump(env, worker, client);
    // Time stands still until the result is awaited: the 10 s backoff runs in real time, and the
    // server is back before it ends.
    PendingActivityInfo retry =
        await("the dump's retry", () -> pendingDump(client).filter(a -> a.getAttempt() == 2))
            .orElseThrow();
    pg.primary().start();

    BackupResult result = backup.getResult(BackupResult.class);

    assertThat(retry.getLastFailure().getApplicationFailureInfo().getType())
        .as("the cut attempt")
        .isEqualTo("DATABASE_UNREACHABLE");
    assertThat(retry.getLastFailure().getMessage())
        .contains("server closed the connection unexpectedly")
        .contains("check its log");
    assertThat(dumpAttempts(client)).isEqualTo(2);
    byte[] object = store.read(result.key());
    BackupManifest manifest = BackupManifest.fromJson(store.read(result.manifestKey()));
    assertThat(object).hasSize((int) manifest.bytes());
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
        .isEqualTo(manifest.sha256());
    assertThat(manifest.tables()).contains(new TableRows("public", "filler", FILLER_ROWS));
    assertThat(store.list(""))
        .extracting(ObjectInfo::key)
        .containsExactlyInAnyOrder(result.key(), result.manifestKey());
    assertThat(incompleteUploads()).isZero();

    pg.createDatabase("shop_after_crash");
    ManualRestore.Result restored = ManualRestore.into(pg, "shop_after_crash", object);
    assertThat(restored.exitCode()).as(restored.output()).isZero();
    for (TableRows t : manifest.tables()) {
      String table = Postgres.qualified(t.schema(), t.name());
      assertThat(pg.count("shop_after_crash", "SELECT count(*) FROM ONLY " + table))
          .as(table)
          .isEqualTo(t.rows());
    }
  }

  @Test
  void aDumpCutByACrashOfAServerThatStaysDownFailsSayingWhereAndLeavesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    WorkflowStub backup = backupCrashedMidDump(env, worker, client);

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> backup.getResult(BackupResult.class));

    assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
    ApplicationFailure cause = (ApplicationFailure) e.getCause().getCause();
    assertThat(cause.getType()).isEqualTo("DATABASE_UNREACHABLE");
    assertThat(cause.getOriginalMessage())
        .contains("127.0.0.1:" + pg.port())
        .contains("Check that the server runs");
    assertThat(dumpAttempts(client)).as("every attempt the retry policy allows").isEqualTo(4);
    assertThat(store.list("")).as("no manifest, no dump").isEmpty();
    assertThat(incompleteUploads()).isZero();
  }

  @Test
  void aRestoreWithoutRoomInItsWorkDirFailsBeforeItDownloadsOrTouchesTheDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    DataSize keepFree =
        new DataSize(
            Files.getFileStore(workDir).getUsableSpace() + DataSize.ofMebibytes(1024).bytes());
    start(env, worker, "", keepFree);
    BackupResult backup =
        client.newWorkflowStub(BackupWorkflow.class, options(worker, BACKUP_ID)).run(BY_HAND);

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                client
                    .newWorkflowStub(RestoreWorkflow.class, options(worker, "restore/shop/no_room"))
                    .run(
                        new RestoreRequest(
                            "shop", "latest", null, "shop_no_room", 2, false, false)));

    ApplicationFailure cause = (ApplicationFailure) e.getCause().getCause();
    assertThat(cause.getType()).isEqualTo("DISK_FULL");
    assertThat(cause.getOriginalMessage())
        .contains(workDir.toString())
        .contains("needs " + DataSize.format(backup.dumpBytes()))
        .contains(DataSize.format(keepFree.bytes()) + " left free")
        .contains("restore.workDir");
    try (var staged = Files.list(workDir)) {
      assertThat(staged).as("staged files").isEmpty();
    }
    assertThat(pg.databaseExists("shop_no_room")).isFalse();
  }

  /**
   * Issue 14, case 9: a drill onto a server that refuses writes used to retry the restore 3 times
   * and the drop 10 times, then report a scratch database NOT DROPPED that it never created. A
   * read-only server is a permanent error: one attempt, and the report says only what happened.
   */
  @Test
  void aDrillOntoAReadOnlyServerFailsAtOnceAndLeavesNothingToDrop(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, "", DataSize.ofMebibytes(1));
    client.newWorkflowStub(BackupWorkflow.class, options(worker, BACKUP_ID)).run(BY_HAND);
    pg.execute("postgres", "ALTER SYSTEM SET default_transaction_read_only = on");
    pg.execute("postgres", "SELECT pg_reload_conf()");
    try {
      WorkflowFailedException e =
          catchThrowableOfType(
              WorkflowFailedException.class,
              () ->
                  client
                      .newWorkflowStub(
                          dev.drd.drill.RestoreDrillWorkflow.class,
                          options(worker, "drill/shop/manual"))
                      .run(new dev.drd.drill.DrillRequest("shop", null, "shop")));

      dev.drd.drill.DrillReport report =
          ((ApplicationFailure) e.getCause()).getDetails().get(dev.drd.drill.DrillReport.class);
      assertThat(report.failureType()).isEqualTo("SERVER_READ_ONLY");
      assertThat(report.failureMessage())
          .contains("refuses writes", "point the target at a primary");
      assertThat(report.scratchDropped()).as("nothing was left behind").isTrue();
      assertThat(activityAttempts(client, "drill/shop/manual/restore"))
          .as("no activity of the restore was retried")
          .containsOnly(1);
      assertThat(activityAttempts(client, "drill/shop/manual"))
          .as("the scratch database's drop was not retried")
          .containsOnly(1);
    } finally {
      pg.execute("postgres", "ALTER SYSTEM RESET default_transaction_read_only");
      pg.execute("postgres", "SELECT pg_reload_conf()");
    }
  }

  /** The attempt number of every activity the workflow started, from its history. */
  private static List<Integer> activityAttempts(WorkflowClient client, String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .map(h -> h.getActivityTaskStartedEventAttributes().getAttempt())
        .toList();
  }

  private static WorkflowOptions options(Worker worker, String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(worker.getTaskQueue())
        .build();
  }

  private static Optional<PendingActivityInfo> pendingDump(WorkflowClient client) {
    return Executions.describe(client, BACKUP_ID).getPendingActivitiesList().stream()
        .filter(a -> a.getActivityType().getName().equals("BackupDump"))
        .findFirst();
  }

  /** The highest attempt of the backup's dump activity that started. */
  private static int dumpAttempts(WorkflowClient client) {
    List<HistoryEvent> events = client.fetchHistory(BACKUP_ID).getEvents();
    Set<Long> dumps =
        events.stream()
            .filter(e ->
                e.hasActivityTaskScheduledEventAttributes()
                    && e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("BackupDump"))
            .map(HistoryEvent::getEventId)
            .collect(Collectors.toSet());
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .map(HistoryEvent::getActivityTaskStartedEventAttributes)
        .filter(a -> dumps.contains(a.getScheduledEventId()))
        .mapToInt(a -> a.getAttempt())
        .max()
        .orElse(0);
  }

  private int incompleteUploads() {
    try (S3Client s3 = TestS3.client()) {
      return s3.listMultipartUploads(r -> r.bucket(storage.bucket())).uploads().size();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, () -> Optional.of(true).filter(ignored -> condition.getAsBoolean()));
  }

  private static <T> Optional<T> await(String what, Supplier<Optional<T>> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Optional<T> seen;
    while ((seen = condition.get()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(seen).as(what).isPresent();
    return seen;
  }
}
