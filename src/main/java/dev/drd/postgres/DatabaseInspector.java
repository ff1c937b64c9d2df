package dev.drd.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Read-only questions about a database. */
public final class DatabaseInspector {
  static final String USER_TABLES =
      """
      SELECT n.nspname, c.relname, greatest(c.reltuples, 0)::bigint
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r'
        AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype = 'e')
      ORDER BY 1, 2
      """;

  private DatabaseInspector() {}

  public static DatabaseFacts inspect(PostgresEndpoint endpoint) {
    try (Connection c = Postgres.connect(endpoint, "drd inspect")) {
      c.setReadOnly(true);
      try (PreparedStatement st =
              c.prepareStatement(
                  """
                  SELECT current_setting('server_version'),
                         current_setting('server_version_num')::int,
                         pg_database_size(current_database()),
                         pg_is_in_recovery(),
                         CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
                              ELSE pg_current_wal_lsn() END::text
                  """);
          ResultSet rs = st.executeQuery()) {
        rs.next();
        return new DatabaseFacts(
            rs.getString(1),
            rs.getInt(2),
            rs.getLong(3),
            rs.getString(5),
            rs.getBoolean(4),
            tables(c));
      }
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  static List<TableRows> tables(Connection c) throws SQLException {
    List<TableRows> tables = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(USER_TABLES);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        tables.add(new TableRows(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
    }
    return tables;
  }
}
