package dev.drd.backup;

import dev.drd.postgres.TableRows;
import dev.drd.storage.Documents;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The record that makes a dump a backup: written after the dump is durable, it says what the dump
 * holds and how to check it. A dump without one is never restored.
 *
 * @param sha256 of the object as stored (compressed), hex
 * @param bytes size of the object as stored
 * @param dumpBytes size of the pg_dump archive before compression
 * @param lsn the WAL position of the snapshot the dump was taken in
 * @param tables every table in the dump with its exact row count in that snapshot
 */
public record BackupManifest(
    int formatVersion,
    String target,
    String database,
    String key,
    String workflowId,
    String sha256,
    long bytes,
    long dumpBytes,
    String compression,
    String format,
    String serverVersion,
    int serverVersionNum,
    int pgDumpMajor,
    long databaseSizeBytes,
    String lsn,
    Instant startedAt,
    Instant finishedAt,
    List<TableRows> tables) {

  public static final int FORMAT_VERSION = 1;

  public byte[] toJson() {
    return Documents.toJson(this);
  }

  public static BackupManifest fromJson(byte[] json) throws IOException {
    return Documents.fromJson(json, BackupManifest.class);
  }

  public long rows() {
    return tables.stream().mapToLong(TableRows::rows).sum();
  }
}
