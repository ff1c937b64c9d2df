package dev.drd.restore;

import java.time.Instant;

/**
 * A complete backup chosen for a restore: what its manifest promises, without the table list (which
 * stays in the bucket, so that histories stay small).
 *
 * @param takenAt when the backup started: the data is at least this old
 */
public record ResolvedBackup(
    String target,
    String key,
    String manifestKey,
    Instant takenAt,
    String sha256,
    long bytes,
    long dumpBytes,
    int tables,
    long rows,
    String lsn,
    String serverVersion) {}
