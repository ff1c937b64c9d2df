package dev.drd.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Exact row counts, the numbers a manifest records and a restore is checked against. */
public final class RowCounts {
  /** SQLSTATE undefined_table. */
  public static final String NO_SUCH_TABLE = "42P01";

  private RowCounts() {}

  /** Rows in this table itself; for a partitioned table's partitions, each counts its own. */
  public static long exact(Statement st, String schema, String table) throws SQLException {
    try (ResultSet rs =
        st.executeQuery("SELECT count(*) FROM ONLY " + Postgres.qualified(schema, table))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
