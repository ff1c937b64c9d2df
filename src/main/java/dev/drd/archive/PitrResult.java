package dev.drd.archive;

import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time restore done: the cluster in {@code dataDir} was recovered, promoted and shut
 * down cleanly; {@code pg_ctl -D dataDir start} serves it.
 *
 * @param reachedLsn the last WAL record replayed
 * @param reachedCommitTime the last transaction replayed committed at this time (null: none)
 * @param timeline the recovered cluster's new timeline
 * @param recoveryTime from the download's start to the recovered cluster shut down (RTO)
 */
public record PitrResult(
    String target,
    String dataDir,
    String at,
    String baseBackupKey,
    String reachedLsn,
    Instant reachedCommitTime,
    int timeline,
    int walSegments,
    long walBytes,
    Instant startedAt,
    Instant finishedAt,
    Duration recoveryTime) {}
