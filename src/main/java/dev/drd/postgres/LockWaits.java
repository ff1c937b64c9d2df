package dev.drd.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** What a session of drd's waits on, for progress: a table another session holds locked. */
public final class LockWaits {
  private static final String WAIT =
      """
      SELECT coalesce(l.relation::regclass::text, l.locktype),
             array_to_string(pg_blocking_pids(a.pid), ', '),
             extract(epoch FROM now() - a.query_start)::bigint
      FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
      WHERE a.application_name = ?
      LIMIT 1
      """;

  private LockWaits() {}

  /**
   * e.g. {@code waiting 40s for a lock on table sales.orders held by pid 4711}; empty when the
   * session waits on no lock (or cannot be seen).
   */
  public static Optional<String> of(PostgresEndpoint server, String applicationName) {
    try (Connection c = Postgres.connect(server, "drd progress");
        PreparedStatement st = c.prepareStatement(WAIT)) {
      st.setString(1, applicationName);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String holders = rs.getString(2);
        return Optional.of(
            "waiting %ds for a lock on table %s%s"
                .formatted(
                    rs.getLong(3),
                    rs.getString(1),
                    holders == null || holders.isEmpty() ? "" : " held by pid " + holders));
      }
    } catch (SQLException | RuntimeException e) {
      return Optional.empty(); // progress only: the dump itself reports real failures
    }
  }
}
