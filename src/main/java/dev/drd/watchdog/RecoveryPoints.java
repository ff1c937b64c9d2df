package dev.drd.watchdog;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.CatalogEntry;
import dev.drd.backup.CheckedBackup;
import dev.drd.backup.VerifiedBackups;
import dev.drd.config.TargetConfig;
import dev.drd.drill.DrillReport;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a target's recovery point from the bucket: its backups and its drill reports; and which
 * backup retention must keep because a drill verified it.
 */
public final class RecoveryPoints implements VerifiedBackups {
  /** Older reports are not read looking for a passed drill; one passes long before this. */
  private static final int MAX_REPORTS_READ = 30;

  private final ObjectStore store;
  private final BackupLayout layout;
  private final BackupCatalog catalog;

  public RecoveryPoints(ObjectStore store, BackupLayout layout) {
    this.store = store;
    this.layout = layout;
    this.catalog = new BackupCatalog(store, layout);
  }

  public RecoveryPoint of(TargetConfig target) {
    CatalogEntry newest =
        catalog.newest(target.name(), Instant.now()).map(CheckedBackup::entry).orElse(null);
    Drills drills = drills(target);
    return new RecoveryPoint(
        target.name(),
        newest == null ? null : newest.timestamp(),
        drills.lastPassed() == null ? null : drills.lastPassed().backupTakenAt(),
        drills.last(),
        target.objectives().rpo());
  }

  @Override
  public Optional<String> newestVerified(TargetConfig target) {
    return Optional.ofNullable(drills(target).lastPassed()).map(DrillReport::backupKey);
  }

  /** The newest drill report, and the newest that passed; either may be null. */
  private record Drills(DrillReport last, DrillReport lastPassed) {}

  private Drills drills(TargetConfig target) {
    List<String> reports =
        store.list(layout.drillsPrefix(target.name())).stream()
            .map(ObjectInfo::key)
            .filter(k -> k.endsWith(".json"))
            .sorted(Comparator.reverseOrder())
            .limit(MAX_REPORTS_READ)
            .toList();
    DrillReport last = null;
    for (String key : reports) {
      DrillReport report = Documents.read(store, key, DrillReport.class);
      if (last == null) {
        last = report;
      }
      if (report.passed() && report.backupTakenAt() != null) {
        return new Drills(last, report);
      }
    }
    return new Drills(last, null);
  }
}
