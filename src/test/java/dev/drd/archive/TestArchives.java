package dev.drd.archive;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.storage.ObjectStore;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The archive's tests' setting: the target shop archived with maxDelay 2s, and its archivers. */
final class TestArchives {
  private TestArchives() {}

  static DrdConfig config(StorageConfig storage, TestPostgres pg, Path workDir) {
    return TestConfigs.load(
        storage,
        TestConfigs.target("shop", pg.host(), pg.port(), "shop", "archive:\n  maxDelay: 2s\n"),
        TestConfigs.restore(workDir));
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
