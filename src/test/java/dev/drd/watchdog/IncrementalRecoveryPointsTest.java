package dev.drd.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupLayout;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.StorageConfig;
import dev.drd.config.TargetConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.DrillReports;
import dev.drd.testing.FaultyHttpProxy;
import dev.drd.testing.StoredBackups;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, part 7: the watchdog listed every target's whole prefix twice a minute on every daemon.
 * It now lists only what is new since the newest backup it knows, and reads everything once an
 * hour; what it reports is the same as a full read.
 */
class IncrementalRecoveryPointsTest {
  private final StorageConfig storage = TestS3.newBucket("watch");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private final BackupLayout layout = new BackupLayout(storage.prefix());
  private final FaultyHttpProxy proxy = FaultyHttpProxy.start(storage.endpoint());

  /** Every listing the watchdog sent: its start-after, "" for a listing of everything. */
  private final List<String> listings = new CopyOnWriteArrayList<>();

  private Instant now = Instant.parse("2026-12-03T12:00:00Z");

  @AfterEach
  void stop() {
    proxy.close();
  }

  private IncrementalRecoveryPoints watchdog() {
    proxy.failNext( // fails nothing: records the listings
        Integer.MAX_VALUE,
        null,
        request -> {
          if (request.method().equals("GET") && request.parameter("list-type").isPresent()) {
            listings.add(request.parameter("start-after").orElse(""));
          }
          return false;
        });
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    return new IncrementalRecoveryPoints(
        S3ObjectStore.create(proxy.inFrontOf(storage)), layout, clock);
  }

  private static TargetConfig target() {
    return new ConfigLoader(Map.of())
        .load(
            new ConfigSource(
                "test",
                TestConfigs.yaml(
                    "127.0.0.1:7233",
                    "q",
                    TestS3.newBucket("unused"),
                    TestConfigs.target("orders", "127.0.0.1", 5432, "orders", ""),
                    "")))
        .requireTarget("orders");
  }

  private void backupAt(String at) {
    Instant t = Instant.parse(at);
    StoredBackups.put(store, "orders", layout.keys("orders", t), t);
  }

  private void drillAt(String at, String backupAt, boolean passed) {
    Instant t = Instant.parse(at);
    store.put(
        layout.drillReportKey("orders", t),
        DrillReports.json(
            "orders",
            layout.keys("orders", Instant.parse(backupAt)).dump(),
            Instant.parse(backupAt),
            passed),
        "application/json");
  }

  @Test
  void afterTheFirstReadOnlyWhatIsNewIsListedAndTheAnswerIsAFullReadsAnswer() {
    for (int day = 1; day <= 20; day++) {
      backupAt("2026-11-%02dT02:00:00Z".formatted(day));
    }
    drillAt("2026-11-19T05:00:00Z", "2026-11-19T02:00:00Z", true);
    drillAt("2026-11-20T05:00:00Z", "2026-11-20T02:00:00Z", false);
    IncrementalRecoveryPoints watchdog = watchdog();
    TargetConfig target = target();

    RecoveryPoint first = watchdog.of(target);
    RecoveryPoint unchanged = watchdog.of(target);
    backupAt("2026-11-21T02:00:00Z");
    drillAt("2026-11-21T05:00:00Z", "2026-11-21T02:00:00Z", true);
    RecoveryPoint later = watchdog.of(target);

    assertThat(first.newestBackup()).isEqualTo(Instant.parse("2026-11-20T02:00:00Z"));
    assertThat(first.newestVerifiedBackup()).isEqualTo(Instant.parse("2026-11-19T02:00:00Z"));
    assertThat(first.lastDrill().passed()).isFalse();
    assertThat(unchanged).isEqualTo(first);
    assertThat(later.newestBackup()).isEqualTo(Instant.parse("2026-11-21T02:00:00Z"));
    assertThat(later.newestVerifiedBackup()).isEqualTo(Instant.parse("2026-11-21T02:00:00Z"));
    assertThat(later.lastDrill().passed()).isTrue();
    String newestManifest = layout.keys("orders", Instant.parse("2026-11-20T02:00:00Z")).manifest();
    assertThat(listings)
        .as("one full listing, then listings after the newest backup known")
        .containsExactly("", encoded(newestManifest), encoded(newestManifest));
    assertThat(later)
        .isEqualTo(new RecoveryPoints(store, layout).of(target))
        .as("what a full read says");
  }

  @Test
  void everythingIsReadAgainOnceAnHourToNoticeWhatWasRemovedByHand() {
    backupAt("2026-11-20T02:00:00Z");
    backupAt("2026-11-21T02:00:00Z");
    IncrementalRecoveryPoints watchdog = watchdog();
    TargetConfig target = target();
    watchdog.of(target);
    var newest = layout.keys("orders", Instant.parse("2026-11-21T02:00:00Z"));
    store.delete(newest.manifest());
    store.delete(newest.dump());

    assertThat(watchdog.of(target).newestBackup())
        .as("within the hour, the remembered newest")
        .isEqualTo(Instant.parse("2026-11-21T02:00:00Z"));
    now = now.plus(IncrementalRecoveryPoints.FULL_READ_EVERY);

    assertThat(watchdog.of(target).newestBackup()).isEqualTo(Instant.parse("2026-11-20T02:00:00Z"));
    assertThat(listings.stream().filter(String::isEmpty)).hasSize(2);
  }

  private static String encoded(String key) {
    return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%7E", "~");
  }
}
