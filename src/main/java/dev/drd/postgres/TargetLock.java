package dev.drd.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * A session-level advisory lock on a target database, held by a session of its own: whatever
 * started a backup (the schedule, the CLI, another daemon), only the holder runs. The server
 * releases it when the session ends, so a dead daemon never keeps it.
 */
public final class TargetLock implements AutoCloseable {
  /** 'drd\0', so that drd's locks stand apart from the applications' own advisory locks. */
  private static final int NAMESPACE = 0x64726400;

  /** Who holds a lock, as pg_stat_activity shows it. */
  public record Holder(int pid, String applicationName, Instant since) {
    /** The workflow that holds it, where its application name says. */
    public Optional<String> owner() {
      return SessionTag.ownerOf(applicationName);
    }

    public String describe() {
      return "%s (server pid %d, since %s)".formatted(owner().orElse(applicationName), pid, since);
    }
  }

  private final Connection connection;

  private TargetLock(Connection connection) {
    this.connection = connection;
  }

  /**
   * Takes the lock of this kind on the endpoint's database, or says who holds it.
   *
   * @param kind which lock, e.g. 1 for backups
   * @param applicationName the holding session's name
   */
  public static Attempt tryAcquire(PostgresEndpoint endpoint, int kind, String applicationName) {
    Connection c = Postgres.connect(endpoint, applicationName);
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      st.setInt(1, NAMESPACE);
      st.setInt(2, kind);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          return new Attempt(new TargetLock(c), null);
        }
      }
      Holder holder = holder(c, kind);
      c.close();
      return new Attempt(null, holder);
    } catch (SQLException e) {
      abort(c);
      throw Postgres.classify(e, endpoint);
    }
  }

  /**
   * Waits until the lock of this kind is free and takes it. Ending the session (by its application
   * name) ends the wait.
   */
  public static TargetLock acquire(PostgresEndpoint endpoint, int kind, String applicationName) {
    Connection c = Postgres.connect(endpoint, applicationName);
    try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      st.setInt(1, NAMESPACE);
      st.setInt(2, kind);
      st.execute();
      return new TargetLock(c);
    } catch (SQLException e) {
      abort(c);
      throw Postgres.classify(e, endpoint);
    }
  }

  /** The outcome of {@link #tryAcquire}: the lock, or who holds it (null if gone meanwhile). */
  public record Attempt(TargetLock lock, Holder holder) {
    public boolean acquired() {
      return lock != null;
    }
  }

  private static Holder holder(Connection c, int kind) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            """
            SELECT a.pid, a.application_name, a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid AND l.objid = ?::oid
              AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)) {
      st.setLong(1, Integer.toUnsignedLong(NAMESPACE));
      st.setLong(2, kind);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? new Holder(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant())
            : null;
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the session is gone, and the lock with it
    }
  }

  private static void abort(Connection c) {
    try {
      c.abort(Runnable::run);
    } catch (SQLException ignored) {
      // already closed
    }
  }
}
