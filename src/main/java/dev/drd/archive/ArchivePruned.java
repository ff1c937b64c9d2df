package dev.drd.archive;

import java.time.Instant;

/**
 * What retention removed from a target's archive, and where the archive now starts.
 *
 * @param keptFrom the oldest base backup kept (null: there is none)
 * @param windowFrom the oldest point the recovery window promises
 */
public record ArchivePruned(
    int baseBackupsRemoved,
    int segmentsRemoved,
    long bytesRemoved,
    String keptFrom,
    Instant windowFrom) {}
