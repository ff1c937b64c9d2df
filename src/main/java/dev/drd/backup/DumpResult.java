package dev.drd.backup;

import dev.drd.postgres.TableRows;
import java.time.Instant;
import java.util.List;

/**
 * A dump that is durable in the store, with what a manifest needs to describe it. The row counts of
 * its tables wait in the bucket under {@code tablesKey} for the manifest: a list of 50,000 tables
 * would not fit in a workflow's history.
 *
 * @param tables the row counts of dumps taken before they moved to the bucket; null since
 * @param tableCount how many tables {@code tablesKey} lists
 * @param rowCount their rows, summed
 */
public record DumpResult(
    String dumpKey,
    long bytes,
    long dumpBytes,
    String sha256,
    String compression,
    int pgDumpMajor,
    String lsn,
    List<TableRows> tables,
    Instant startedAt,
    Instant finishedAt,
    String tablesKey,
    Integer tableCount,
    Long rowCount) {

  public int tablesDumped() {
    return tables != null ? tables.size() : tableCount;
  }

  public long rowsDumped() {
    return tables != null ? tables.stream().mapToLong(TableRows::rows).sum() : rowCount;
  }
}
