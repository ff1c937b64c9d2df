package dev.drd.failover;

import dev.drd.config.DataSize;
import dev.drd.config.Durations;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.PrimaryPosition;
import dev.drd.postgres.ReplicaState;
import dev.drd.runbook.PreflightCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The database half of a failover's preflight, from what the old primary and the replica said. Lag
 * is what the replica lacks of the primary's WAL, not what it received and has yet to replay: a
 * replica cut off from its primary has nothing left to replay and still lacks every commit since.
 */
final class DatabasePreflight {
  private final DatabaseSwitch db;
  private final Instant now;

  /**
   * @param now the daemon's clock, for "last heard … ago" when the primary cannot say the time
   */
  DatabasePreflight(DatabaseSwitch db, Instant now) {
    this.db = db;
    this.now = now;
  }

  /**
   * @param primary the old primary's position; null when it did not answer or none is named
   * @param primaryError why the old primary did not answer; null when it did or none is named
   */
  List<PreflightCheck> checks(PrimaryPosition primary, String primaryError, ReplicaState replica) {
    List<PreflightCheck> checks = new ArrayList<>();
    checks.add(
        new PreflightCheck(
            FailoverPreflight.REPLICA_IN_RECOVERY,
            replica.inRecovery(),
            replica.inRecovery()
                ? "a standby, replayed up to " + replica.replayLsn()
                : "not in recovery: it is a primary already (promoted before?)"));
    checks.add(primaryCheck(primary, primaryError, replica));
    checks.add(streamingCheck(primary, replica));
    checks.add(primary != null ? lagBehindPrimary(primary, replica) : lagOnReplica(replica));
    return checks;
  }

  private PreflightCheck primaryCheck(
      PrimaryPosition primary, String primaryError, ReplicaState replica) {
    if (primary != null) {
      return new PreflightCheck(
          FailoverPreflight.PRIMARY_REACHABLE,
          true,
          "%s answers, WAL flushed up to %s".formatted(db.fence(), primary.flushLsn()));
    }
    String what =
        db.fence() == null
            ? "the runbook names no old primary (database.fence), so drd cannot measure what the"
                + " replica lacks of it"
            : "the old primary %s does not answer (%s)".formatted(db.fence(), primaryError);
    return new PreflightCheck(
        FailoverPreflight.PRIMARY_REACHABLE,
        false,
        ("%s. The replica last received WAL up to %s and %s; whatever the primary committed after"
                + " that is LOST if the failover goes on. --force %s accepts that loss")
            .formatted(
                what,
                replica.lastReceivedLsn(),
                lastHeard(replica),
                FailoverPreflight.PRIMARY_REACHABLE));
  }

  private PreflightCheck streamingCheck(PrimaryPosition primary, ReplicaState replica) {
    String receiver =
        replica.receiverStatus() == null
            ? "no WAL receiver runs"
            : "its WAL receiver is " + replica.receiverStatus();
    if (replica.streaming()) {
      return new PreflightCheck(
          FailoverPreflight.REPLICA_STREAMING,
          true,
          "streaming from the primary, %s".formatted(lastHeard(replica)));
    }
    if (primary == null && db.fence() != null) {
      return new PreflightCheck(
          FailoverPreflight.REPLICA_STREAMING,
          true,
          "not streaming (%s), as expected with the old primary down; see %s"
              .formatted(receiver, FailoverPreflight.PRIMARY_REACHABLE));
    }
    return new PreflightCheck(
        FailoverPreflight.REPLICA_STREAMING,
        false,
        ("the replica is cut off from its primary: %s; it %s and received WAL up to %s. Reconnect it"
                + " (primary_conninfo, pg_hba.conf, the network) and let it catch up before a"
                + " failover")
            .formatted(receiver, lastHeard(replica), replica.lastReceivedLsn()));
  }

  private PreflightCheck lagBehindPrimary(PrimaryPosition primary, ReplicaState replica) {
    long bytes = Lsn.bytesBetween(primary.flushLsn(), replica.replayLsn());
    Duration commits = bytes == 0 ? Duration.ZERO : commitsMissing(primary, replica);
    return lagCheck(
        bytes,
        commits,
        "trails the primary by %s (primary flushed %s, replica replayed %s), missing %s%s"
            .formatted(
                DataSize.format(bytes),
                primary.flushLsn(),
                replica.replayLsn(),
                commits == null ? "commits of unknown age" : "commits of up to " + age(commits),
                replicaGap(replica)),
        replica);
  }

  /** The primary is gone: only what the replica received and has not replayed can be measured. */
  private PreflightCheck lagOnReplica(ReplicaState replica) {
    return lagCheck(
        replica.lagBytes(),
        replica.replayDelay(),
        "measured on the replica alone (no primary to compare with): %s received but not replayed,"
                .formatted(DataSize.format(replica.lagBytes()))
            + " replay delay "
            + (replica.replayDelay() == null ? "-" : age(replica.replayDelay())),
        replica);
  }

  private PreflightCheck lagCheck(long bytes, Duration time, String found, ReplicaState replica) {
    MaxLag max = db.maxLag();
    boolean bytesOk = max.bytes() == null || bytes <= max.bytes().bytes();
    boolean timeOk = max.time() == null || time == null || time.compareTo(max.time()) <= 0;
    return new PreflightCheck(
        FailoverPreflight.REPLICA_LAG,
        bytesOk && timeOk,
        found
            + (max.bytes() == null ? "" : "; limit " + max.bytes())
            + (max.time() == null ? "" : "; limit " + Durations.format(max.time()))
            + (replica.replayPaused() ? "; replay is PAUSED" : ""));
  }

  /**
   * From the last commit the replica replayed to the primary's last commit (or, where the primary
   * does not track commit times, to its clock: an upper bound).
   */
  private static Duration commitsMissing(PrimaryPosition primary, ReplicaState replica) {
    if (replica.lastReplayedCommit() == null) {
      return null;
    }
    Instant upTo = primary.lastCommit() != null ? primary.lastCommit() : primary.now();
    Duration d = Duration.between(replica.lastReplayedCommit(), upTo);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String replicaGap(ReplicaState replica) {
    return replica.lagBytes() == 0
        ? ""
        : ", of which %s received and not yet replayed"
            .formatted(DataSize.format(replica.lagBytes()));
  }

  private String lastHeard(ReplicaState replica) {
    if (replica.lastHeardFromPrimary() != null) {
      return "last heard from the primary at %s (%s ago)"
          .formatted(
              replica.lastHeardFromPrimary(),
              age(Duration.between(replica.lastHeardFromPrimary(), now)));
    }
    return replica.lastReplayedCommit() == null
        ? "has no record of when it last heard from the primary"
        : "has no WAL receiver to say when it last heard from the primary (last replayed commit at %s)"
            .formatted(replica.lastReplayedCommit());
  }

  private static String age(Duration d) {
    return Durations.format(d.isNegative() ? Duration.ZERO : d);
  }
}
