package dev.drd.backup;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.TableRows;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes the manifest that makes an uploaded dump a backup, once the stored object is the one the
 * upload counted.
 */
record ManifestWriter(ObjectStore store, BackupMetrics metrics, Clock clock) {
  ManifestResult write(ManifestRequest request) {
    DatabaseInspection db = request.inspection();
    DumpResult dump = request.dump();
    ObjectInfo stored =
        store
            .stat(dump.dumpKey())
            .orElseThrow(() ->
                new DrdException(
                    FailureType.STORAGE_OBJECT_MISSING,
                    "the dump %s is gone from the bucket before its manifest was written; the backup must run again"
                        .formatted(dump.dumpKey())));
    if (stored.size() != dump.bytes()) {
      throw new DrdException(
          FailureType.STORAGE_FAILED,
          "the dump %s holds %d bytes, the upload counted %d"
              .formatted(dump.dumpKey(), stored.size(), dump.bytes()));
    }
    List<TableRows> tables = dump.tables() != null ? dump.tables() : dumpedTables(db, dump);
    Instant finished = clock.instant();
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT_VERSION,
            db.target(),
            db.database(),
            dump.dumpKey(),
            request.workflowId(),
            dump.sha256(),
            dump.bytes(),
            dump.dumpBytes(),
            dump.compression(),
            "pg_dump custom",
            db.serverVersion(),
            db.serverVersionNum(),
            dump.pgDumpMajor(),
            db.sizeBytes(),
            dump.lsn(),
            request.startedAt(),
            finished,
            tables);
    store.put(db.keys().manifest(), manifest.toJson(), "application/json");
    if (dump.tablesKey() != null) {
      store.delete(dump.tablesKey());
    }
    metrics.succeeded(
        db.target(),
        Duration.between(request.startedAt(), finished),
        dump.bytes(),
        dump.dumpBytes(),
        finished);
    return new ManifestResult(db.keys().manifest(), finished);
  }

  /**
   * The row counts the dump left in the bucket; or, when a retry finds them gone, those of the
   * manifest that an earlier attempt wrote before it deleted them.
   */
  private List<TableRows> dumpedTables(DatabaseInspection db, DumpResult dump) {
    if (store.stat(dump.tablesKey()).isPresent()) {
      return Documents.read(store, dump.tablesKey(), DumpedTables.class).tables();
    }
    return store
        .stat(db.keys().manifest())
        .map(m -> Documents.read(store, db.keys().manifest(), BackupManifest.class))
        .filter(m -> dump.dumpKey().equals(m.key()) && dump.sha256().equals(m.sha256()))
        .map(BackupManifest::tables)
        .orElseThrow(() ->
            new DrdException(
                FailureType.STORAGE_OBJECT_MISSING,
                "the row counts of %s (%s) are gone from the bucket before its manifest was written; the backup must run again"
                    .formatted(dump.dumpKey(), dump.tablesKey())));
  }
}
