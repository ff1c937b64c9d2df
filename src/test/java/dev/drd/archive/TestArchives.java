package dev.drd.archive;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.daemon.dev.LocalCluster;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.WorkQueues;
import dev.drd.testing.Poll;
import dev.drd.testing.Ports;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The archive's tests' setting: the target shop archived with maxDelay 2s, and its archivers. */
final class TestArchives {
  private TestArchives() {}

  static DrdConfig config(StorageConfig storage, TestPostgres pg, Path workDir) {
    return config(storage, pg, workDir, "");
  }

  /**
   * @param more more of the target's YAML
   */
  static DrdConfig config(StorageConfig storage, TestPostgres pg, Path workDir, String more) {
    return config(storage, pg.host(), pg.port(), workDir, more);
  }

  /** The target shop archived with maxDelay 2s, its server at {@code host:port}. */
  static DrdConfig config(StorageConfig storage, String host, int port, Path workDir, String more) {
    return TestConfigs.load(
        storage,
        TestConfigs.target("shop", host, port, "shop", "archive:\n  maxDelay: 2s\n" + more),
        TestConfigs.restore(workDir));
  }

  static BaseBackupActivitiesImpl baseBackups(DrdConfig config, ObjectStore store) {
    return new BaseBackupActivitiesImpl(
        config, new Secrets(Map.of()), TestPostgres::tools, store, Clock.systemUTC());
  }

  /** Waits until the archiver of shop has written its first status. */
  static void awaitStreaming(ObjectStore store, StorageConfig storage) throws InterruptedException {
    Poll.until(
        Duration.ofSeconds(30),
        () -> "no archive status",
        () -> ArchiveStatus.read(store, storage.prefix(), "shop").isPresent());
  }

  static ArchiverActivitiesImpl archivers(DrdConfig config, ObjectStore store) {
    return new ArchiverActivitiesImpl(
        config,
        new Secrets(Map.of()),
        store,
        Clock.systemUTC(),
        new ArchiveMetrics(new SimpleMeterRegistry()));
  }

  /** The order ids the recovered cluster in {@code dir} holds, read from a server started on it. */
  static List<Integer> ordersIn(Path dir) throws Exception {
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

  /** A manual base backup of shop, waited for. */
  static void baseBackup(WorkflowClient client, String taskQueue) {
    client
        .newWorkflowStub(
            BaseBackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("base-backup/shop/manual")
                .setTaskQueue(taskQueue)
                .setMemo(WorkQueues.memo())
                .build())
        .run(new BaseBackupRequest("shop", Instant.now(), "t0000001", Duration.ofMinutes(1)));
  }
}
