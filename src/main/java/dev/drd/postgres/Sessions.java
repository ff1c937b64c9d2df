package dev.drd.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client sessions on a server: who still writes to a database before it is fenced, renamed or
 * replaced, and ending them when waiting is over. Background workers and drd's own session are
 * never counted or ended.
 */
public final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  /** A connected client, as pg_stat_activity shows it. */
  public record ClientSession(
      int pid, String database, String user, String application, String client, Instant since) {
    public String describe() {
      return "pid %d: %s@%s from %s (%s) since %s"
          .formatted(
              pid,
              user,
              database,
              client == null ? "local socket" : client,
              application == null || application.isEmpty() ? "no application name" : application,
              since);
    }
  }

  private static final String CLIENTS =
      """
      FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
        AND (?::text IS NULL OR datname = ?)
      """;

  private static final java.time.Duration GONE_WITHIN = java.time.Duration.ofSeconds(10);

  private Sessions() {}

  /**
   * @param database only sessions on this database; empty for every database
   */
  public static List<ClientSession> list(PostgresEndpoint server, Optional<String> database) {
    try (Connection c = Postgres.connect(server, "drd sessions");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT pid, datname, usename, application_name, client_addr::text, backend_start "
                    + CLIENTS
                    + " ORDER BY backend_start")) {
      bind(st, database);
      return sessions(st);
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
  }

  /**
   * Ends the client sessions ({@code pg_terminate_backend}); returns how many were ended.
   *
   * @param database only sessions on this database; empty for every database
   */
  public static int terminate(Connection connection, Optional<String> database)
      throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) " + CLIENTS)) {
      bind(st, database);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** {@link #terminate(Connection, Optional)} on a connection of its own. */
  public static int terminate(PostgresEndpoint server, Optional<String> database) {
    try (Connection c = Postgres.connect(server, "drd sessions")) {
      return terminate(c, database);
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
  }

  /**
   * Ends every session whose application name starts with {@code prefix} (what an earlier attempt
   * of the same workflow left, see {@link SessionTag}) and waits until they are gone, so their
   * locks are released. Returns the sessions ended.
   */
  public static List<ClientSession> terminateNamed(PostgresEndpoint server, String prefix) {
    try (Connection c = Postgres.connect(server, "drd sessions");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT pid, datname, usename, application_name, client_addr::text, backend_start,"
                    + " pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    + " AND left(application_name, length(?)) = ?")) {
      st.setString(1, prefix);
      st.setString(2, prefix);
      List<ClientSession> ended = sessions(st);
      awaitGone(c, ended);
      return ended;
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
  }

  /**
   * Ends what an earlier attempt of the tag's workflow left on the server, logging each session: a
   * worker that lost its lease may still run it.
   */
  public static void endLeftBy(PostgresEndpoint server, SessionTag tag) {
    List<ClientSession> ended = terminateNamed(server, tag.prefix());
    if (!ended.isEmpty()) {
      log.warn(
          "ended {} session(s) an earlier attempt of {} left: {}",
          ended.size(),
          tag.owner(),
          ended.stream().map(ClientSession::describe).toList());
    }
  }

  /** Reads rows of pid, datname, usename, application_name, client_addr, backend_start. */
  private static List<ClientSession> sessions(PreparedStatement st) throws SQLException {
    List<ClientSession> sessions = new ArrayList<>();
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        sessions.add(
            new ClientSession(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant()));
      }
    }
    return sessions;
  }

  private static void awaitGone(Connection c, List<ClientSession> sessions) throws SQLException {
    if (sessions.isEmpty()) {
      return;
    }
    Integer[] pids = sessions.stream().map(ClientSession::pid).toArray(Integer[]::new);
    long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
    try (PreparedStatement st =
        c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(?)")) {
      st.setArray(1, c.createArrayOf("int4", pids));
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void bind(PreparedStatement st, Optional<String> database) throws SQLException {
    st.setString(1, database.orElse(null));
    st.setString(2, database.orElse(null));
  }
}
