package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The streaming-replication steps of a failover: read a replica's lag, promote it, fence a primary.
 */
public final class Replication {
  /**
   * The replay delay is the age of the last replayed transaction only while received WAL waits to
   * be replayed: on an idle primary that age grows without any lag, and a caught-up replica has
   * none.
   */
  private static final String REPLICA_STATE =
      """
      SELECT pg_is_in_recovery(),
             pg_last_wal_receive_lsn()::text,
             pg_last_wal_replay_lsn()::text,
             coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::bigint,
             CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                  ELSE (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint
             END,
             CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
             (SELECT status FROM pg_stat_wal_receiver LIMIT 1),
             (SELECT last_msg_receipt_time FROM pg_stat_wal_receiver LIMIT 1),
             pg_last_xact_replay_timestamp()
      """;

  /**
   * A primary's flushed WAL position (a standby's received one, should the old primary be a standby
   * itself), and its last commit time where the server tracks commit times.
   */
  private static final String PRIMARY_POSITION =
      """
      SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                  ELSE pg_current_wal_flush_lsn() END::text,
             CASE WHEN current_setting('track_commit_timestamp')::bool
                  THEN (pg_last_committed_xact()).timestamp END,
             now()
      """;

  private Replication() {}

  public static ReplicaState replicaState(PostgresEndpoint replica) {
    try (Connection c = Postgres.connect(replica, "drd failover");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(REPLICA_STATE)) {
      rs.next();
      long delayMillis = rs.getLong(5);
      Duration replayDelay = rs.wasNull() ? null : Duration.ofMillis(delayMillis);
      return new ReplicaState(
          rs.getBoolean(1),
          rs.getString(2),
          rs.getString(3),
          Math.max(0, rs.getLong(4)),
          replayDelay,
          rs.getBoolean(6),
          rs.getString(7),
          instant(rs, 8),
          instant(rs, 9));
    } catch (SQLException e) {
      throw Postgres.classify(e, replica);
    }
  }

  /** Where the old primary's WAL stands; read it before the replica, so no lag is hidden. */
  public static PrimaryPosition primaryPosition(PostgresEndpoint primary) {
    try (Connection c = Postgres.connect(primary, "drd failover");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PRIMARY_POSITION)) {
      rs.next();
      return new PrimaryPosition(rs.getString(1), instant(rs, 2), instant(rs, 3));
    } catch (SQLException e) {
      throw Postgres.classify(e, primary);
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /**
   * The largest replay lag of the primary's standbys as the primary sees it: WAL written but not
   * yet replayed. Empty when no standby is connected.
   */
  public static Optional<Long> lagBytesSeenByPrimary(PostgresEndpoint primary) {
    try (Connection c = Postgres.connect(primary, "drd failover");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn))::bigint"
                    + " FROM pg_stat_replication")) {
      rs.next();
      long lag = rs.getLong(1);
      return rs.wasNull() ? Optional.empty() : Optional.of(lag);
    } catch (SQLException e) {
      throw Postgres.classify(e, primary);
    }
  }

  /**
   * Promotes the replica and waits until it accepts writes. A server that is no longer in recovery
   * counts as promoted, so a retried step does no harm.
   */
  public static Promotion promote(PostgresEndpoint replica, Duration wait) {
    long started = System.nanoTime();
    try (Connection c = Postgres.connect(replica, "drd failover")) {
      if (!inRecovery(c)) {
        return new Promotion(true, currentLsn(c), 0);
      }
      try (PreparedStatement st = c.prepareStatement("SELECT pg_promote(true, ?)")) {
        st.setInt(1, (int) Math.max(1, wait.toSeconds()));
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1) && inRecovery(c)) {
            throw new DrdException(
                FailureType.PROMOTION_FAILED,
                ("%s did not finish promotion within %ds; it may still be replaying WAL. Check its"
                        + " log; retrying the step waits again")
                    .formatted(replica.describe(), wait.toSeconds()));
          }
        }
      }
      return new Promotion(
          false, currentLsn(c), Duration.ofNanos(System.nanoTime() - started).toMillis());
    } catch (SQLException e) {
      throw Postgres.classify(e, replica);
    }
  }

  /**
   * Stops the old primary from accepting writes, where it can still be reached: new transactions
   * are read-only (ALTER SYSTEM, survives restarts) and client sessions are ended. Needs a
   * superuser. Returns how many sessions were ended; fencing twice is harmless.
   */
  public static int fence(PostgresEndpoint primary) {
    try (Connection c = Postgres.connect(primary, "drd failover");
        Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET default_transaction_read_only = on");
      st.execute("SELECT pg_reload_conf()");
      return Sessions.terminate(c, Optional.empty());
    } catch (SQLException e) {
      DrdException failure = Postgres.classify(e, primary);
      throw failure.type() == FailureType.DATABASE_ERROR
          ? new DrdException(
              FailureType.FENCING_FAILED,
              "could not fence %s: %s".formatted(primary.describe(), e.getMessage()),
              e)
          : failure;
    }
  }

  /**
   * Undoes {@link #fence}: new transactions may write again ({@code ALTER SYSTEM RESET}, then a
   * reload). Unfencing an unfenced server is harmless.
   */
  public static void unfence(PostgresEndpoint primary) {
    try (Connection c = Postgres.connect(primary, "drd failover");
        Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM RESET default_transaction_read_only");
      st.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw Postgres.classify(e, primary);
    }
  }

  private static boolean inRecovery(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static String currentLsn(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
