package dev.drd.backup;

import dev.drd.postgres.TableRows;
import java.time.Instant;
import java.util.List;

/** A dump that is durable in the store, with what a manifest needs to describe it. */
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
    Instant finishedAt) {}
