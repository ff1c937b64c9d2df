package dev.drd.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** What a server says about a physical replication slot and its own WAL position (plain SQL). */
public final class ReplicationSlots {
  /**
   * @param restartLsn the oldest WAL the slot keeps, or -1 when none is reserved yet
   * @param activePid the walsender streaming through it, or 0 when none
   */
  public record Slot(long restartLsn, int activePid) {}

  /** The server's current WAL position and the bytes the slot keeps behind it. */
  public record Position(long currentLsn, long retainedBytes) {}

  private ReplicationSlots() {}

  public static Optional<Slot> slot(Connection c, String name) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT restart_lsn::text, coalesce(active_pid, 0) FROM pg_replication_slots"
                + " WHERE slot_name = ? AND slot_type = 'physical'")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String restart = rs.getString(1);
        return Optional.of(new Slot(restart == null ? -1 : Lsn.parse(restart), rs.getInt(2)));
      }
    }
  }

  /** Creates the physical slot keeping WAL from now on, unless it exists; true when created. */
  public static boolean createIfMissing(Connection c, String name) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT pg_create_physical_replication_slot(?, true) WHERE NOT EXISTS"
                + " (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
      st.setString(1, name);
      st.setString(2, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  public static Position position(Connection c, String slot) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "SELECT pg_current_wal_lsn()::text, coalesce((SELECT pg_wal_lsn_diff("
                + "pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots"
                + " WHERE slot_name = ?), 0)")) {
      st.setString(1, slot);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Position(Lsn.parse(rs.getString(1)), rs.getLong(2));
      }
    }
  }

  /**
   * Ends the walsender still streaming through the slot (an earlier attempt that lost its lease),
   * so that this one can take the slot; false when this role may not.
   */
  public static boolean endHolder(Connection c, int pid) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      st.setInt(1, pid);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      if ("42501".equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }
}
