package dev.drd.watchdog;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.CheckedBackup;
import dev.drd.config.TargetConfig;
import dev.drd.drill.DrillReport;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watchdog's reading of each target's recovery point, without listing the target's whole prefix
 * on every run: it remembers the newest complete backup it found and lists only the keys after it
 * (one request, listing what is new since), reading the manifests and drill reports it has not
 * seen. Keys under a target sort its backups (by date) before its {@code drills/}, so that listing
 * holds the drill reports too, which their retention keeps few. Once an hour it reads everything
 * again, to notice what was removed by hand.
 */
final class IncrementalRecoveryPoints {
  static final Duration FULL_READ_EVERY = Duration.ofHours(1);

  private final ObjectStore store;
  private final BackupLayout layout;
  private final BackupCatalog catalog;
  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  /**
   * What was found of one target.
   *
   * @param newest the newest usable backup; null when none
   * @param lastReport the key of the newest drill report read; null when none
   */
  private record Known(
      CheckedBackup newest,
      String lastReport,
      DrillReport last,
      DrillReport lastPassed,
      Instant fullReadAt) {
    String listedAfter() {
      return newest == null ? null : newest.entry().keys().manifest();
    }
  }

  IncrementalRecoveryPoints(ObjectStore store, BackupLayout layout, Clock clock) {
    this.store = store;
    this.layout = layout;
    this.catalog = new BackupCatalog(store, layout);
    this.clock = clock;
  }

  RecoveryPoint of(TargetConfig target) {
    Instant now = clock.instant();
    Known before = known.get(target.name());
    boolean full = before == null || !now.isBefore(before.fullReadAt().plus(FULL_READ_EVERY));
    Known found = read(target.name(), full ? null : before, now);
    known.put(target.name(), found);
    return new RecoveryPoint(
        target.name(),
        found.newest() == null ? null : found.newest().entry().timestamp(),
        found.lastPassed() == null ? null : found.lastPassed().backupTakenAt(),
        found.last(),
        target.objectives().rpo());
  }

  /** Reads what is new since {@code before}, or everything when it is null. */
  private Known read(String target, Known before, Instant now) {
    List<ObjectInfo> listed =
        store.listAfter(layout.targetPrefix(target), before == null ? null : before.listedAfter());
    CheckedBackup newest =
        catalog
            .newestOf(target, catalog.entriesOf(target, listed), now)
            .orElse(before == null ? null : before.newest());
    String drills = layout.drillsPrefix(target);
    List<String> reports =
        listed.stream()
            .map(ObjectInfo::key)
            .filter(k -> k.startsWith(drills) && k.endsWith(".json"))
            .filter(k -> before == null || isAfter(k, before.lastReport()))
            .sorted(Comparator.reverseOrder())
            .toList();
    DrillReport last = before == null ? null : before.last();
    DrillReport lastPassed = before == null ? null : before.lastPassed();
    for (int i = 0; i < reports.size(); i++) {
      DrillReport report = Documents.read(store, reports.get(i), DrillReport.class);
      if (i == 0) {
        last = report;
      }
      if (report.passed() && report.backupTakenAt() != null) {
        lastPassed = report;
        break;
      }
    }
    return new Known(
        newest,
        reports.isEmpty() ? (before == null ? null : before.lastReport()) : reports.get(0),
        last,
        lastPassed,
        before == null ? now : before.fullReadAt());
  }

  private static boolean isAfter(String key, String seen) {
    return seen == null || key.compareTo(seen) > 0;
  }
}
