package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.Lsn;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention and the watchdog's gauges on a real S3 API, over an archive of four base backups (20,
 * 10, 5 and 1 days old) and the WAL from the oldest one's start: what it removes, and that every
 * point of the window still plans, with every segment its replay needs in the bucket.
 */
class ArchiveRetentionTest {
  private static final long SEGMENT = 16L << 20;
  private static final int[] DAYS_OLD = {20, 10, 5, 1};
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir Path workDir;
  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private final WalLayout layout = new WalLayout(storage.prefix());
  private final WalSegments segments = new WalSegments(SEGMENT);

  /** Base backup i starts in segment 2i+1; the archive reaches into segment 9. */
  @BeforeEach
  void archive() {
    for (int i = 0; i < DAYS_OLD.length; i++) {
      Instant finished = NOW.minus(Duration.ofDays(DAYS_OLD[i]));
      String key = layout.baseBackup("shop", finished.minusSeconds(60), "run" + i);
      long start = (2L * i + 1) * SEGMENT + 0x28;
      store.put(key, new byte[] {1}, "application/zstd");
      store.put(
          WalLayout.manifestOf(key),
          Documents.toJson(
              new BaseBackupManifest(
                  1,
                  "shop",
                  key,
                  WalLayout.manifestOf(key),
                  1,
                  1,
                  "00",
                  Lsn.format(start),
                  Lsn.format(start + 0x100),
                  1,
                  "7000000000000000001",
                  "17.2",
                  finished.minusSeconds(60),
                  finished,
                  finished,
                  "base-backup/shop/" + i)),
          "application/json");
    }
    for (int s = 1; s < 10; s++) {
      store.put(layout.segment("shop", segments.name(1, s * SEGMENT)), new byte[] {2}, "x");
    }
    store.put(layout.partial("shop", segments.name(1, 10 * SEGMENT)), new byte[] {3}, "x");
    store.put(layout.wal("shop") + "00000001.history", new byte[] {4}, "x");
    writeStatus(NOW, Lsn.format(10 * SEGMENT + 0x400));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1h", "7d", "12d", "30d"})
  void keepsTheNewestBaseBackupBeforeTheWindowEverySinceAndTheirWalNothingElse(String window) {
    DrdConfig config =
        TestConfigs.load(
            storage,
            TestConfigs.target(
                "shop", "127.0.0.1", 5432, "shop", "archive:\n  recoveryWindow: " + window),
            TestConfigs.restore(workDir));
    Duration length = config.requireTarget("shop").archive().recoveryWindow();
    Instant opens = NOW.minus(length);
    int firstKept = 0;
    for (int i = 0; i < DAYS_OLD.length; i++) {
      if (!NOW.minus(Duration.ofDays(DAYS_OLD[i])).isAfter(opens)) {
        firstKept = i;
      }
    }

    ArchivePruned pruned =
        new ArchiveRetention(store, storage.prefix()).apply("shop", length, SEGMENT, NOW);

    List<BaseBackupManifest> left = BaseBackups.complete(store, storage.prefix(), "shop");
    assertThat(left).hasSize(DAYS_OLD.length - firstKept);
    assertThat(pruned.baseBackupsRemoved()).isEqualTo(firstKept);
    assertThat(pruned.segmentsRemoved()).isEqualTo(2 * firstKept);
    assertThat(keys()).contains(layout.status("shop"), layout.wal("shop") + "00000001.history");
    assertThat(keys()).filteredOn(k -> k.endsWith(".tar.zst")).hasSize(left.size());

    PointInTimeActivitiesImpl planner =
        new PointInTimeActivitiesImpl(
            config, new Secrets(Map.of()), TestPostgres::tools, store, Clock.systemUTC());
    // a window longer than the archive starts where the archive does
    Instant oldest = left.get(0).finishedAt();
    Instant from = opens.isAfter(oldest) ? opens : oldest;
    for (Instant point :
        List.of(from.plusSeconds(1), from.plus(Duration.between(from, NOW).dividedBy(2)), NOW)) {
      PitrPlan plan = planner.planPointInTime(PitrRequest.drill("shop", point.toString()));
      long first = segments.startOf(plan.firstSegment());
      long last = segments.startOf(plan.lastSegment());
      for (long s = first; s <= last; s += SEGMENT) {
        String name = segments.name(1, s);
        assertThat(keys())
            .as("%s for a restore to %s (window %s)", name, point, window)
            .containsAnyOf(layout.segment("shop", name), layout.partial("shop", name));
      }
    }
  }

  @Test
  void theWatchdogReadsTheArchivesLagAndWindowFromTheBucketAsAnyDaemon() {
    DrdConfig config =
        TestConfigs.load(
            storage,
            TestConfigs.target("shop", "127.0.0.1", 5432, "shop", "archive:\n  recoveryWindow: 7d"),
            TestConfigs.restore(workDir));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ArchiveGauges gauges =
        new ArchiveGauges(
            store,
            storage.prefix(),
            config.targets(),
            registry,
            Clock.fixed(NOW.plusSeconds(90), ZoneOffset.UTC));

    gauges.refresh();

    assertThat(gauge(registry, "drd.archive.unarchived.age.seconds"))
        .as("all archived when last checked, 90 s ago")
        .isEqualTo(90.0);
    assertThat(gauge(registry, "drd.archive.window.seconds"))
        .isEqualTo(Duration.ofDays(20).toSeconds() + 90.0);
    assertThat(gauge(registry, "drd.archive.window.objective.seconds"))
        .isEqualTo(Duration.ofDays(7).toSeconds());

    writeStatus(NOW.minusSeconds(300), Lsn.format(11 * SEGMENT));
    gauges.refresh();

    assertThat(gauge(registry, "drd.archive.unarchived.age.seconds"))
        .as("WAL unarchived since 5 min before the check")
        .isEqualTo(390.0);
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).tag("target", "shop").gauge().value();
  }

  /**
   * The archiver's status, checked {@link #NOW}: the archive reaches into segment 10.
   *
   * @param heldAllOf when the server had written no more than that
   * @param serverLsn where the server's WAL stood
   */
  private void writeStatus(Instant heldAllOf, String serverLsn) {
    String end = Lsn.format(10 * SEGMENT + 0x400);
    store.put(
        layout.status("shop"),
        Documents.toJson(
            new ArchiveStatus(
                "shop",
                "7000000000000000001",
                1,
                SEGMENT,
                "drd_shop",
                end,
                end,
                segments.name(1, 9 * SEGMENT),
                NOW,
                heldAllOf,
                serverLsn,
                0,
                NOW,
                List.of())),
        "application/json");
  }

  private Set<String> keys() {
    return store.list(layout.wal("shop").replace("/wal/", "/")).stream()
        .map(ObjectInfo::key)
        .collect(Collectors.toSet());
  }
}
