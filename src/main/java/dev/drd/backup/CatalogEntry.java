package dev.drd.backup;

import dev.drd.storage.ObjectInfo;
import java.time.Instant;

/**
 * What the bucket holds for one backup time. Only a complete entry (dump and manifest) is a backup;
 * {@code dump} or {@code manifest} is null where the object is missing.
 */
public record CatalogEntry(
    Instant timestamp, BackupKeys keys, ObjectInfo dump, ObjectInfo manifest) {
  /** {@code <stamp>} or {@code <stamp>-<runTag>}: what --backup takes. */
  public String name() {
    return BackupLayout.nameOf(keys.dump()).orElseThrow();
  }

  public boolean complete() {
    return dump != null && manifest != null;
  }
}
