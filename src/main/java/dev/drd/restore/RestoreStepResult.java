package dev.drd.restore;

import java.time.Instant;

/**
 * @param downloadStartedAt when the download began: the start of the measured recovery time
 * @param checksumVerifiedAt when the staged dump was proven to be the backup
 * @param items entries of the archive restored
 * @param reusedStaged whether the archive an earlier attempt staged and checked was restored,
 *     rather than downloaded again (null in histories from before it was recorded)
 */
public record RestoreStepResult(
    Instant downloadStartedAt,
    Instant checksumVerifiedAt,
    Instant restoredAt,
    boolean createdDatabase,
    int jobs,
    int items,
    Boolean reusedStaged) {}
