package dev.drd.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** What a whole server (a cluster of databases) says about itself. */
public final class ClusterFacts {
  /** Its identity and size: what a base backup records. */
  public record Identity(String systemId, String version, long sizeBytes) {}

  /**
   * Where a recovered server's replay ended, once it was promoted.
   *
   * @param commitTime the last transaction replayed committed then; null when none was
   */
  public record Promoted(String replayedLsn, Instant commitTime, int timeline) {}

  private ClusterFacts() {}

  public static Identity identity(PostgresEndpoint endpoint, String applicationName) {
    try (Connection c = Postgres.connect(endpoint, applicationName);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT system_identifier::text FROM pg_control_system()),"
                    + " current_setting('server_version'),"
                    + " (SELECT sum(pg_database_size(oid))::bigint FROM pg_database)")) {
      rs.next();
      return new Identity(rs.getString(1), rs.getString(2), rs.getLong(3));
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  /** The server's state after a recovery: empty while it still replays (or does not answer yet). */
  public static Optional<Promoted> promoted(PostgresEndpoint endpoint, String applicationName) {
    try (Connection c = Postgres.connect(endpoint, applicationName);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
                    + " pg_last_xact_replay_timestamp(), CASE WHEN pg_is_in_recovery() THEN 0"
                    + " ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))"
                    + "::bit(32)::int END")) {
      rs.next();
      if (rs.getBoolean(1)) {
        return Optional.empty();
      }
      Timestamp commit = rs.getTimestamp(3);
      return Optional.of(
          new Promoted(rs.getString(2), commit == null ? null : commit.toInstant(), rs.getInt(4)));
    } catch (SQLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The server's WAL segment size in bytes. */
  public static long walSegmentSize(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
