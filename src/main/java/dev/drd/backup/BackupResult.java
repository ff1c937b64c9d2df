package dev.drd.backup;

import java.time.Instant;

/**
 * A backup that is done: dump and manifest durable.
 *
 * @param retentionError why retention failed, if it did; the backup itself is complete
 */
public record BackupResult(
    String target,
    String key,
    String manifestKey,
    long bytes,
    long dumpBytes,
    String sha256,
    String compression,
    String lsn,
    int tables,
    long rows,
    Instant startedAt,
    Instant finishedAt,
    RetentionResult retention,
    String retentionError) {}
