package dev.drd.backup;

/** What the read-only first step learned, and the keys the backup will be written to. */
public record DatabaseInspection(
    String target,
    String database,
    String serverVersion,
    int serverVersionNum,
    long sizeBytes,
    String lsn,
    int tables,
    long estimatedRows,
    BackupKeys keys) {}
