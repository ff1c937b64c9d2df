package dev.drd.archive;

import java.time.Instant;

/**
 * A base backup's tar in the bucket, not yet usable: its WAL from {@code startLsn} to {@code
 * stopLsn} must be archived first.
 *
 * @param bytes the object's size (zstd)
 * @param tarBytes the tar's size as pg_basebackup wrote it
 */
public record BaseBackupTaken(
    String key,
    long bytes,
    long tarBytes,
    String sha256,
    String startLsn,
    String stopLsn,
    int timeline,
    String systemId,
    String serverVersion,
    Instant startedAt,
    Instant finishedAt) {}
