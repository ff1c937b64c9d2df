package dev.drd.postgres;

import java.time.Duration;

/**
 * What a standby says about itself: whether it is one, and how far its replay trails what it has
 * received. Read on the replica alone, so that it works when the primary is gone.
 *
 * @param lagBytes WAL received but not yet replayed: what promotion must still apply
 * @param replayDelay while received WAL waits to be replayed, the time since the last replayed
 *     transaction committed on the primary; zero when all received WAL is replayed; null when the
 *     replica has replayed no transaction since it started
 */
public record ReplicaState(
    boolean inRecovery,
    String receiveLsn,
    String replayLsn,
    long lagBytes,
    Duration replayDelay,
    boolean replayPaused) {}
