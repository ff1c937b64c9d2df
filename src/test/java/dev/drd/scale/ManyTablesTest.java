package dev.drd.scale;

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
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.RestoreWorkflow;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestFiles;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, part 4: a database of 50,000 tables backs up and restores, and no payload in either
 * workflow's history grows with the table count.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyTablesTest {
  private static final int TABLES = 50_000;
  private static final int PAYLOAD_LIMIT = 64 * 1024;

  static TestPostgres pg;
  static Path workDir;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(); // Runbooks registers

  private final StorageConfig storage = TestS3.newBucket("many");
  private final S3ObjectStore store = S3ObjectStore.create(storage);

  @BeforeAll
  static void database() throws Exception {
    pg = TestPostgres.startLocal();
    pg.createDatabase("many");
    // one transaction per thousand tables: creating them locks them too
    for (int from = 1; from <= TABLES; from += 1_000) {
      pg.execute(
          "many",
          """
          DO $$ BEGIN FOR i IN %d..%d LOOP
            EXECUTE format('CREATE TABLE t%%s (id int)', i);
          END LOOP; END $$
          """
              .formatted(from, from + 999));
    }
    pg.execute("many", "INSERT INTO t1 SELECT generate_series(1, 1000)");
    pg.execute("many", "INSERT INTO t50000 SELECT generate_series(1, 7)");
    workDir = Files.createTempDirectory("drd-many-work-");
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
    TestFiles.deleteRecursively(workDir);
  }

  private void start(TestWorkflowEnvironment env, Worker worker) {
    DrdConfig config =
        TestConfigs.load(
            storage,
            TestConfigs.target("many", pg.host(), pg.port(), "many", ""),
            TestConfigs.restore(workDir));
    Runbooks.register(worker, config, new Secrets(Map.of()), store, new SimpleMeterRegistry());
    env.start();
  }

  private static BackupWorkflow backup(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(BackupWorkflow.class, options(worker, id));
  }

  private static WorkflowOptions options(Worker worker, String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(worker.getTaskQueue())
        .build();
  }

  @Test
  @Order(1)
  void aServerWhoseLockTableCannotHoldEveryTableIsNamedAsTheCause(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker);

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                backup(client, worker, "backup/many/few-locks")
                    .run(new BackupRequest("many", null, Duration.ofMinutes(10))));

    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root).isInstanceOf(ApplicationFailure.class);
    assertThat(((ApplicationFailure) root).getType()).isEqualTo("DATABASE_REFUSED");
    assertThat(root.getMessage())
        .contains("max_locks_per_transaction")
        .contains("restart the server");
    assertThat(store.list(storage.prefix()).stream().map(ObjectInfo::key))
        .as("nothing is left of the refused backup")
        .isEmpty();
  }

  @Test
  @Order(2)
  void fiftyThousandTablesBackUpAndRestoreWithEveryPayloadUnder64KiB(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    pg.execute("postgres", "ALTER SYSTEM SET max_locks_per_transaction = 2048");
    // speed only: 50,000 CREATE TABLEs commit one by one in the restore
    pg.execute("postgres", "ALTER SYSTEM SET fsync = off");
    pg.primary().stop();
    pg.primary().start();
    start(env, worker);

    BackupResult backup =
        backup(client, worker, "backup/many/manual")
            .run(new BackupRequest("many", null, Duration.ofMinutes(10)));
    RestoreResult restored =
        client
            .newWorkflowStub(RestoreWorkflow.class, options(worker, "restore/many/many_copy"))
            .run(new RestoreRequest("many", backup.key(), null, "many_copy", 1, false, false));

    assertThat(backup.tables()).isEqualTo(TABLES);
    assertThat(backup.rows()).isEqualTo(1_007);
    BackupManifest manifest = BackupManifest.fromJson(store.read(backup.manifestKey()));
    assertThat(manifest.tables()).hasSize(TABLES);
    assertThat(store.list(storage.prefix()).stream().map(ObjectInfo::key))
        .as("the row counts moved into the manifest")
        .noneMatch(k -> k.endsWith(".tables.json"));
    assertThat(restored.verification().passed()).isTrue();
    assertThat(restored.verification().tablesChecked()).isEqualTo(TABLES);
    assertThat(restored.verification().rowsFound()).isEqualTo(1_007);
    assertThat(pg.count("many_copy", "SELECT count(*) FROM t50000")).isEqualTo(7);
    for (String id : new String[] {"backup/many/manual", "restore/many/many_copy"}) {
      for (HistoryEvent event : client.fetchHistory(id).getEvents()) {
        assertThat(event.getSerializedSize())
            .as("event %d (%s) of %s", event.getEventId(), event.getEventType(), id)
            .isLessThan(PAYLOAD_LIMIT);
      }
    }
  }
}
