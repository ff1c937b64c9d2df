package dev.drd.backup;

import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads which backups of a target the bucket holds. */
public final class BackupCatalog {
  private final ObjectStore store;
  private final BackupLayout layout;

  public BackupCatalog(ObjectStore store, BackupLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /** Everything that looks like a backup of the target, complete or not, newest first. */
  public List<CatalogEntry> entries(String target) {
    Map<Instant, ObjectInfo[]> byTime = new TreeMap<>(Comparator.reverseOrder());
    for (ObjectInfo object : store.list(layout.targetPrefix(target))) {
      layout
          .timestampOf(object.key())
          .ifPresent(at -> {
            ObjectInfo[] pair = byTime.computeIfAbsent(at, t -> new ObjectInfo[2]);
            pair[BackupLayout.isDump(object.key()) ? 0 : 1] = object;
          });
    }
    return byTime.entrySet().stream()
        .map(e ->
            new CatalogEntry(
                e.getKey(), layout.keys(target, e.getKey()), e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  public BackupManifest manifest(CatalogEntry entry) {
    return manifest(entry.keys().manifest());
  }

  public BackupManifest manifest(String manifestKey) {
    return Documents.read(store, manifestKey, BackupManifest.class);
  }
}
