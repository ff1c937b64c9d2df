package dev.drd.backup;

import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads which backups of a target the bucket holds. */
public final class BackupCatalog {
  private final ObjectStore store;
  private final BackupLayout layout;

  public BackupCatalog(ObjectStore store, BackupLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /**
   * Everything that looks like a backup of the target, complete or not, newest first (by time, then
   * by name: two backups of one second are two entries).
   */
  public List<CatalogEntry> entries(String target) {
    Map<BackupKeys, ObjectInfo[]> byBackup = new HashMap<>();
    Map<BackupKeys, Instant> times = new HashMap<>();
    for (ObjectInfo object : store.list(layout.targetPrefix(target))) {
      layout
          .keysOf(target, object.key())
          .ifPresent(keys -> {
            ObjectInfo[] pair = byBackup.computeIfAbsent(keys, k -> new ObjectInfo[2]);
            pair[BackupLayout.isDump(object.key()) ? 0 : 1] = object;
            times.put(keys, layout.timestampOf(object.key()).orElseThrow());
          });
    }
    return byBackup.entrySet().stream()
        .map(e ->
            new CatalogEntry(times.get(e.getKey()), e.getKey(), e.getValue()[0], e.getValue()[1]))
        .sorted(
            Comparator.comparing(CatalogEntry::timestamp)
                .thenComparing(e -> e.keys().dump())
                .reversed())
        .toList();
  }

  public BackupManifest manifest(CatalogEntry entry) {
    return manifest(entry.keys().manifest());
  }

  public BackupManifest manifest(String manifestKey) {
    return Documents.read(store, manifestKey, BackupManifest.class);
  }
}
