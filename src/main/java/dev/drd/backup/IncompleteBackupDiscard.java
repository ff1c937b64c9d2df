package dev.drd.backup;

import dev.drd.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes what a failed backup left in the bucket: its uploads, its dump, its row counts. */
record IncompleteBackupDiscard(ObjectStore store) {
  private static final Logger log = LoggerFactory.getLogger(IncompleteBackupDiscard.class);

  DiscardResult discard(DiscardRequest request) {
    BackupKeys keys = request.keys();
    int aborted = store.abortIncompleteUploads(keys.dump());
    boolean existed = store.stat(keys.dump()).isPresent();
    store.delete(keys.manifest());
    store.delete(BackupLayout.tablesKeyOf(keys.dump()));
    store.delete(keys.dump());
    log.warn(
        "discarded what a failed backup left at {} ({} incomplete uploads aborted, dump {})",
        keys.dump(),
        aborted,
        existed ? "deleted" : "never written");
    return new DiscardResult(aborted, existed);
  }
}
