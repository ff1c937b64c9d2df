package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.config.DrdConfig;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.ReplicaState;
import dev.drd.postgres.Replication;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Poll;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  static final TestWorkflowExtension temporal = TestWorkflows.extension(ArchiverWorkflowImpl.class);

  @TempDir Path workDir;
  private TestPostgres pg;
  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private ArchiverActivitiesImpl archivers;

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
  void aReplicaCutOffFromADeadPrimaryGetsTheArchivesWalBeforeItsPromotion(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    DrdConfig config = TestArchives.config(storage, pg, workDir);
    archivers = TestArchives.archivers(config, store);
    TestWorkflows.activitiesOnEveryQueue(env, worker, archivers);
    env.start();
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("shop", Duration.ofMinutes(10));
    PostgresEndpoint replica = pg.replica().endpoint("shop");
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
    long committed = Lsn.parse(pg.text("shop", "SELECT pg_current_wal_lsn()::text"));
    Poll.until(
        Duration.ofSeconds(30),
        () -> "archive: " + ArchiveStatus.read(store, storage.prefix(), "shop"),
        () ->
            ArchiveStatus.read(store, storage.prefix(), "shop")
                .map(s -> s.archivedLsn() != null && Lsn.parse(s.archivedLsn()) >= committed)
                .orElse(false));
    pg.primary().crash();
    assertThat(count(replica)).as("the replica never received orders 2 to 4").isEqualTo(1);

    ArchiveCatchUp catchUp = new ArchiveCatchUp(config, store, Clock.systemUTC());
    ReplicaState state = Replication.replicaState(replica);
    ArchiveCatchUp.Position position = catchUp.of(replica, state).orElseThrow();
    List<String> progress = new ArrayList<>();
    String fed = catchUp.feed(replica, state, Duration.ofSeconds(30), progress::add);
    Replication.promote(replica, Duration.ofSeconds(60));

    assertThat(position.target()).isEqualTo("shop");
    assertThat(position.beyondBytes()).isPositive();
    assertThat(position.describe())
        .contains("which drd replays into the replica before its promotion");
    assertThat(fed).contains("fed the replica", "of the archive of shop");
    assertThat(progress).anyMatch(p -> p.startsWith("writing "));
    assertThat(count(replica)).as("every commit the archive held").isEqualTo(4);
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
