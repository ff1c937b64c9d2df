package dev.drd.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupLayout;
import dev.drd.config.StorageConfig;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.DrillReports;
import dev.drd.testing.TestS3;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 15, part 7: drill reports used to stay in the bucket forever. */
class DrillReportRetentionTest {
  private final StorageConfig storage = TestS3.newBucket("drills");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private final BackupLayout layout = new BackupLayout(storage.prefix());
  private final DrillReportRetention retention = new DrillReportRetention(store, layout);

  private DrillReport drill(String at, boolean passed) {
    Instant t = Instant.parse(at);
    String key = layout.drillReportKey("orders", t);
    byte[] json = DrillReports.json("orders", "orders/x.dump.zst", t, passed);
    store.put(key, json, "application/json");
    DrillReport report = Documents.read(store, key, DrillReport.class);
    return new DrillReport(
        report.target(),
        report.workflowId(),
        report.passed(),
        report.summary(),
        report.startedAt(),
        report.finishedAt(),
        report.backupKey(),
        report.backupTakenAt(),
        report.server(),
        report.scratchDatabase(),
        report.scratchDropped(),
        report.recoveryTime(),
        report.backupAge(),
        report.rtoObjective(),
        report.rpoObjective(),
        report.rtoMet(),
        report.rpoMet(),
        report.verification(),
        report.failureType(),
        report.failureMessage(),
        key,
        null);
  }

  private List<String> stamps() {
    return store.list(layout.drillsPrefix("orders")).stream()
        .map(ObjectInfo::key)
        .map(k -> k.substring(k.lastIndexOf('/') + 1, k.indexOf('T', k.lastIndexOf('/'))))
        .toList();
  }

  @Test
  void theNewestReportsStayAndTheNewestPassedOneWhateverItsAge() {
    drill("2026-11-01T05:00:00Z", true);
    drill("2026-11-02T05:00:00Z", true);
    drill("2026-11-03T05:00:00Z", false);
    drill("2026-11-04T05:00:00Z", false);
    DrillReport failed = drill("2026-11-05T05:00:00Z", false);

    assertThat(retention.apply(failed, 2)).isEqualTo(2);
    assertThat(stamps()).containsExactly("20261102", "20261104", "20261105");

    DrillReport passed = drill("2026-11-06T05:00:00Z", true);
    assertThat(retention.apply(passed, 2)).isEqualTo(2);
    assertThat(stamps()).containsExactly("20261105", "20261106");
  }
}
