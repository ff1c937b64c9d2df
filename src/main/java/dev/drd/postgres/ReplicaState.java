package dev.drd.postgres;

import java.time.Duration;
import java.time.Instant;

/**
 * What a standby says about itself: whether it is one, how far its replay trails what it has
 * received, and whether its WAL receiver streams from the primary. Read on the replica alone, so
 * that it works when the primary is gone.
 *
 * @param lagBytes WAL received but not yet replayed: what promotion must still apply
 * @param replayDelay while received WAL waits to be replayed, the time since the last replayed
 *     transaction committed on the primary; zero when all received WAL is replayed; null when the
 *     replica has replayed no transaction since it started
 * @param receiverStatus {@code pg_stat_wal_receiver.status} ({@code streaming}, {@code stopping},
 *     …); null when no WAL receiver runs
 * @param lastHeardFromPrimary when the WAL receiver last got a message from the primary; null when
 *     no receiver runs
 * @param lastReplayedCommit commit time of the last replayed transaction; null when none was
 */
public record ReplicaState(
    boolean inRecovery,
    String receiveLsn,
    String replayLsn,
    long lagBytes,
    Duration replayDelay,
    boolean replayPaused,
    String receiverStatus,
    Instant lastHeardFromPrimary,
    Instant lastReplayedCommit) {

  public boolean streaming() {
    return "streaming".equals(receiverStatus);
  }

  /** The furthest WAL position the replica holds: received, else replayed. */
  public String lastReceivedLsn() {
    return receiveLsn != null ? receiveLsn : replayLsn;
  }
}
