package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.DrdConfig;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.LocalCluster;
import dev.drd.postgres.Lsn;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.WorkQueues;
import dev.drd.testing.Poll;
import dev.drd.testing.Ports;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
          PointInTimeRestoreWorkflowImpl.class);

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
    DrdConfig config = TestArchives.config(storage, pg, workDir);
    archivers = TestArchives.archivers(config, store);
    TestWorkflows.activitiesOnEveryQueue(
        env,
        worker,
        archivers,
        TestArchives.baseBackups(config, store),
        new PointInTimeActivitiesImpl(config, TestPostgres::tools, store, Clock.systemUTC()));
    env.start();
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("shop", Duration.ofMinutes(10));
    TestArchives.awaitStreaming(store, storage);
    client
        .newWorkflowStub(
            BaseBackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("base-backup/shop/manual")
                .setTaskQueue(worker.getTaskQueue())
                .setMemo(WorkQueues.memo())
                .build())
        .run(new BaseBackupRequest("shop", Instant.now(), "t0000001", Duration.ofMinutes(1)));
  }

  private PitrResult restore(WorkflowClient client, Worker worker, String at, Path dir) {
    return client
        .newWorkflowStub(
            PointInTimeRestoreWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("pitr/shop/" + dir.getFileName())
                .setTaskQueue(worker.getTaskQueue())
                .setMemo(WorkQueues.memo())
                .build())
        .run(new PitrRequest("shop", at, dir.toString()));
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

  /** The order ids the recovered cluster in {@code dir} holds, read from a server started on it. */
  private static List<Integer> ordersIn(Path dir) throws Exception {
    try (LocalCluster recovered =
        LocalCluster.primary(TestPostgres.tools(), dir, Ports.free()).start()) {
      List<Integer> ids = new ArrayList<>();
      try (Connection c = dev.drd.postgres.Postgres.connect(recovered.endpoint("shop"), "test");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id FROM orders ORDER BY id")) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
      return ids;
    }
  }

  @Test
  void aTimeBetweenTwoCommitsAndAnLsnGiveExactlyTheRowsCommittedBefore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    long afterFirst = insert(1);
    Thread.sleep(1100); // two commits a second apart, and a point between them
    Instant between = Instant.parse(pg.text("shop", "SELECT to_json(now())#>>'{}'"));
    Thread.sleep(1100);
    awaitArchived(insert(2));

    PitrResult byTime = restore(client, worker, between.toString(), restores.resolve("by-time"));
    PitrResult byLsn = restore(client, worker, Lsn.format(afterFirst), restores.resolve("by-lsn"));

    assertThat(ordersIn(restores.resolve("by-time"))).containsExactly(1);
    assertThat(ordersIn(restores.resolve("by-lsn"))).containsExactly(1);
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
    insert(2);
    Thread.sleep(Duration.ofSeconds(2).plusMillis(2500)); // maxDelay 2s, and the upload
    pg.primary().crash();

    PitrResult latest = restore(client, worker, "latest", restores.resolve("latest"));

    assertThat(ordersIn(restores.resolve("latest"))).containsExactly(1, 2);
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
}
