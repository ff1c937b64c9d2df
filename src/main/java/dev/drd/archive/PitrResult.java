package dev.drd.archive;

import dev.drd.restore.VerificationReport;
import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time restore done: the cluster in {@code dataDir} recovered, promoted and shut down
 * cleanly ({@code pg_ctl -D dataDir start} serves it); or the target's database copied into {@code
 * database} on {@code server} and verified; or, for a drill, the temporary cluster verified and
 * removed.
 *
 * @param at the point asked for; {@code random} for a drill that chose {@code point}
 * @param point the point replay stopped at, {@link RecoveryTarget#text()}
 * @param reachedLsn the last WAL record replayed
 * @param reachedCommitTime the last transaction replayed committed at this time (null: none)
 * @param timeline the recovered cluster's new timeline
 * @param recoveryTime from the download's start to the cluster shut down, or the copy verified
 *     (RTO)
 * @param archiveLag how far the archive was behind its server when the restore began
 * @param verification row counts and assertions (null for {@code dataDir})
 */
public record PitrResult(
    String target,
    String dataDir,
    String at,
    String point,
    String server,
    String database,
    String baseBackupKey,
    Instant baseBackupFinishedAt,
    String reachedLsn,
    Instant reachedCommitTime,
    int timeline,
    int walSegments,
    long walBytes,
    Instant startedAt,
    Instant finishedAt,
    Duration recoveryTime,
    Duration archiveLag,
    VerificationReport verification) {}
