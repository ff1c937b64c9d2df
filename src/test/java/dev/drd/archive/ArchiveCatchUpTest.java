package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.ReplicaState;
import dev.drd.postgres.Replication;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.WorkQueues;
import dev.drd.testing.Poll;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover's promotion with the primary gone, on a real primary and streaming replica: the
 * replica cut off while the primary committed on, the archive holding those commits, the primary
 * crashed.
 */
class ArchiveCatchUpTest {
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
  private final AtomicReference<ArchiverActivitiesImpl> archiving = new AtomicReference<>();

  /** The archiver of the moment: the test points it at the promoted server after the failover. */
  private final class SwitchableArchiver implements ArchiverActivities {
    @Override
    public ArchiveRun stream(ArchiveRequest request) {
      return archiving.get().stream(request);
    }
  }

  @BeforeEach
  void servers() {
    pg = TestPostgres.startWithReplica();
    pg.createDatabase("shop");
    pg.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY)");
  }

  @AfterEach
  void stop() throws IOException {
    if (archivers != null) {
      archivers.handOver();
    }
    pg.close();
  }

  @Test
  void
      aReplicaCutOffFromADeadPrimaryGetsTheArchivesWalBeforeItsPromotionAndTheArchiveFollowsTheNewTimeline(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    DrdConfig config = TestArchives.config(storage, pg, workDir);
    PostgresEndpoint replica = pg.replica().endpoint("shop");
    DrdConfig promoted = TestArchives.config(storage, replica.host(), replica.port(), workDir, "");
    archivers = TestArchives.archivers(config, store);
    archiving.set(archivers);
    TestWorkflows.activitiesOnEveryQueue(
        env,
        worker,
        new SwitchableArchiver(),
        TestArchives.baseBackups(config, store),
        new PointInTimeActivitiesImpl(
            promoted, new Secrets(Map.of()), TestPostgres::tools, store, Clock.systemUTC()));
    env.start();
    ArchiverLauncher launcher = new ArchiverLauncher(client, worker.getTaskQueue(), List.of());
    launcher.start("shop", Duration.ofMinutes(10));
    TestArchives.awaitStreaming(store, storage);
    TestArchives.baseBackup(client, worker.getTaskQueue());
    pg.execute("shop", "INSERT INTO orders VALUES (1)");
    Poll.until(
        Duration.ofSeconds(30),
        () -> "the replica has order 1",
        () -> {
          try {
            return count(replica) == 1;
          } catch (RuntimeException notYet) { // its database may not be replicated yet
            return false;
          }
        });
    cutOff(replica);

    for (int id = 2; id <= 4; id++) {
      pg.execute("shop", "INSERT INTO orders VALUES (%d)".formatted(id));
    }
    awaitArchived(1, Lsn.parse(pg.text("shop", "SELECT pg_current_wal_lsn()::text")));
    pg.primary().crash();
    assertThat(count(replica)).as("the replica never received orders 2 to 4").isEqualTo(1);

    ArchiveCatchUp catchUp = new ArchiveCatchUp(config, store, Clock.systemUTC());
    ReplicaState state = Replication.replicaState(replica);
    ArchiveCatchUp.Position position = catchUp.of(replica, state).orElseThrow();
    List<String> progress = new ArrayList<>();
    String fed = catchUp.feed(replica, state, Duration.ofSeconds(30), progress::add);
    Replication.promote(replica, Duration.ofSeconds(60));
    String kept = catchUp.keepNewTimeline(replica, "shop");

    assertThat(position.target()).isEqualTo("shop");
    assertThat(position.beyondBytes()).isPositive();
    assertThat(position.describe())
        .contains("which drd replays into the replica before its promotion");
    assertThat(fed).contains("fed the replica", "of the archive of shop");
    assertThat(progress).anyMatch(p -> p.startsWith("writing "));
    assertThat(count(replica)).as("every commit the archive held").isEqualTo(4);
    assertThat(kept).contains("made slot");

    // the target now names the promoted server: the archiver follows it onto its timeline
    client.newUntypedWorkflowStub(ArchiverLauncher.workflowId("shop")).terminate("failed over");
    archiving.set(TestArchives.archivers(promoted, store));
    archivers.handOver();
    archivers = archiving.get();
    launcher.start("shop", Duration.ofMinutes(10));
    Instant beforeOrder5 = pointAfterLastCommit(replica);
    for (int id = 5; id <= 6; id++) {
      execute(replica, "INSERT INTO orders VALUES (%d)".formatted(id));
    }
    awaitArchived(2, Lsn.parse(text(replica, "SELECT pg_current_wal_lsn()::text")));
    ArchiveStatus status = ArchiveStatus.read(store, storage.prefix(), "shop").orElseThrow();
    assertThat(status.gaps()).as("nothing of either timeline is missing").isEmpty();
    assertThat(store.stat(storage.prefix() + "/shop/wal/00000002.history")).isPresent();

    Path latest = restores.resolve("latest");
    Path before = restores.resolve("before-order-5");
    restore(client, worker, "latest", latest);
    restore(client, worker, beforeOrder5.toString(), before);
    assertThat(TestArchives.ordersIn(latest))
        .as("both timelines' commits")
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(TestArchives.ordersIn(before))
        .as("up to the point on the new timeline")
        .containsExactly(1, 2, 3, 4);

    // the old primary comes back, and a daemon still knows it as the target: refused, untouched
    pg.primary().start();
    archiving.set(TestArchives.archivers(config, store));
    client.newUntypedWorkflowStub(ArchiverLauncher.workflowId("shop")).terminate("old primary");
    archivers.handOver();
    archivers = archiving.get();
    launcher.start("shop", Duration.ofMinutes(10));
    WorkflowFailedException refused =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                client
                    .newUntypedWorkflowStub(ArchiverLauncher.workflowId("shop"))
                    .getResult(ArchiveRun.class));
    assertThat(refused.getCause().getCause().getMessage())
        .contains("is on timeline 2", "on timeline 1", "a failover left behind");
    assertThat(ArchiveStatus.read(store, storage.prefix(), "shop").orElseThrow().timeline())
        .isEqualTo(2);
  }

  private static void restore(WorkflowClient client, Worker worker, String at, Path dir) {
    client
        .newWorkflowStub(
            PointInTimeRestoreWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("pitr/shop/" + dir.getFileName())
                .setTaskQueue(worker.getTaskQueue())
                .setMemo(WorkQueues.memo())
                .build())
        .run(PitrRequest.dataDir("shop", at, dir.toString()));
  }

  private void awaitArchived(int timeline, long lsn) throws InterruptedException {
    Poll.until(
        Duration.ofSeconds(60),
        () -> "archive: " + ArchiveStatus.read(store, storage.prefix(), "shop"),
        () ->
            ArchiveStatus.read(store, storage.prefix(), "shop")
                .map(s ->
                    s.timeline() == timeline
                        && s.archivedLsn() != null
                        && Lsn.parse(s.archivedLsn()) >= lsn)
                .orElse(false));
  }

  /** The server's clock after its last commit, and past it before this returns. */
  private static Instant pointAfterLastCommit(PostgresEndpoint server) throws InterruptedException {
    String now = "SELECT to_json(clock_timestamp())#>>'{}'";
    Instant point = Instant.parse(text(server, now));
    Poll.until(
        Duration.ofSeconds(5),
        () -> "the server's clock at " + point,
        () -> Instant.parse(text(server, now)).isAfter(point.plusMillis(5)));
    return point;
  }

  private static void execute(PostgresEndpoint database, String sql) {
    try (var c = dev.drd.postgres.Postgres.connect(database, "test");
        var st = c.createStatement()) {
      st.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(PostgresEndpoint database, String sql) {
    try (var c = dev.drd.postgres.Postgres.connect(database, "test");
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The replica's WAL receiver points at nothing any more: it keeps what it has. */
  private void cutOff(PostgresEndpoint replica) throws InterruptedException {
    try (var c = dev.drd.postgres.Postgres.connect(pg.replica().endpoint("postgres"), "test");
        var st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1'");
      st.execute("SELECT pg_reload_conf()");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    Poll.until(
        Duration.ofSeconds(30),
        () -> "the replica still streams",
        () -> !Replication.replicaState(replica).streaming());
  }

  private static long count(PostgresEndpoint database) {
    try (var c = dev.drd.postgres.Postgres.connect(database, "test");
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM orders")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
