package dev.drd.archive;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.storage.ObjectStore;
import dev.drd.testing.Poll;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    return TestConfigs.load(
        storage,
        TestConfigs.target(
            "shop", pg.host(), pg.port(), "shop", "archive:\n  maxDelay: 2s\n" + more),
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
}
