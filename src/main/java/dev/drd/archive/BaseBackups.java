package dev.drd.archive;

import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.util.Comparator;
import java.util.List;

/** The complete base backups of a target's server in the bucket (those with a manifest). */
public final class BaseBackups {
  private BaseBackups() {}

  /** Oldest first. */
  public static List<BaseBackupManifest> complete(ObjectStore store, String prefix, String target) {
    return store.list(new WalLayout(prefix).base(target)).stream()
        .map(ObjectInfo::key)
        .filter(key -> key.endsWith(".manifest.json"))
        .map(key -> Documents.read(store, key, BaseBackupManifest.class))
        .sorted(Comparator.comparing(BaseBackupManifest::startedAt))
        .toList();
  }
}
