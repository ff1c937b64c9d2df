package dev.drd.drill;

import dev.drd.backup.BackupLayout;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target's newest {@code drill.keepReports} drill reports, and its newest passed one
 * whatever its age (it names the backup retention keeps as proven restorable); deletes the rest.
 */
final class DrillReportRetention {
  private static final Logger log = LoggerFactory.getLogger(DrillReportRetention.class);

  private final ObjectStore store;
  private final BackupLayout layout;

  DrillReportRetention(ObjectStore store, BackupLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /**
   * @param written the report just written
   * @return how many reports were deleted
   */
  int apply(DrillReport written, int keep) {
    List<String> newestFirst =
        store.list(layout.drillsPrefix(written.target())).stream()
            .map(ObjectInfo::key)
            .filter(k -> k.endsWith(".json"))
            .sorted(Comparator.reverseOrder())
            .toList();
    if (newestFirst.size() <= keep) {
      return 0;
    }
    String newestPassed = newestPassed(written, newestFirst);
    int deleted = 0;
    for (String key : newestFirst.subList(keep, newestFirst.size())) {
      if (!key.equals(newestPassed)) {
        store.delete(key);
        deleted++;
      }
    }
    log.info(
        "drill reports of {}: kept the newest {}{}, deleted {}",
        written.target(),
        keep,
        newestPassed == null ? "" : " and the newest passed (" + newestPassed + ")",
        deleted);
    return deleted;
  }

  private String newestPassed(DrillReport written, List<String> newestFirst) {
    if (written.passed()) {
      return written.reportKey();
    }
    for (String key : newestFirst) {
      if (!key.equals(written.reportKey())
          && Documents.read(store, key, DrillReport.class).passed()) {
        return key;
      }
    }
    return null;
  }
}
