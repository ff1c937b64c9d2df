package dev.drd.restore;

import java.time.Instant;

/**
 * @param downloadStartedAt when the download began: the start of the measured recovery time
 * @param checksumVerifiedAt when the staged dump was proven to be the backup
 * @param items entries of the archive restored
 */
public record RestoreStepResult(
    Instant downloadStartedAt,
    Instant checksumVerifiedAt,
    Instant restoredAt,
    boolean createdDatabase,
    int jobs,
    int items) {}
