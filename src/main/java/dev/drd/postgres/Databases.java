package dev.drd.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Creates, inspects and drops whole databases on a server. The endpoint given is the server's
 * maintenance connection (database {@code postgres}); the database acted on is named apart.
 */
public final class Databases {
  public static final String MAINTENANCE_DATABASE = "postgres";

  /** What a database holds, enough to tell empty from not. */
  public record State(String name, long userObjects, String comment) {
    public boolean empty() {
      return userObjects == 0;
    }
  }

  private static final String USER_OBJECTS =
      """
      SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%')
           + (SELECT count(*) FROM pg_namespace
              WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%')
           + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public')
           + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
           + (SELECT count(*) FROM pg_largeobject_metadata)
      """;

  private Databases() {}

  public static Optional<State> describe(PostgresEndpoint server, String database) {
    String comment;
    try (Connection c = Postgres.connect(server, "drd restore");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        comment = rs.getString(1);
      }
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
    PostgresEndpoint inside = server.withDatabase(database);
    try (Connection c = Postgres.connect(inside, "drd restore");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(USER_OBJECTS)) {
      rs.next();
      return Optional.of(new State(database, rs.getLong(1), comment));
    } catch (SQLException e) {
      throw Postgres.classify(e, inside);
    }
  }

  /** A new, empty database from template0, marked with a comment that says who made it. */
  public static void create(PostgresEndpoint server, String database, String comment) {
    execute(server, "CREATE DATABASE %s TEMPLATE template0".formatted(Postgres.quote(database)));
    comment(server, database, comment);
  }

  public static void comment(PostgresEndpoint server, String database, String comment) {
    execute(
        server,
        "COMMENT ON DATABASE %s IS %s".formatted(Postgres.quote(database), literal(comment)));
  }

  /** Whether the server has the database; asks the catalog, never connects to the database. */
  public static boolean exists(PostgresEndpoint server, String database) {
    try (Connection c = Postgres.connect(server, "drd restore");
        PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
  }

  /** Drops the database, ending its sessions; true when there was one. */
  public static boolean drop(PostgresEndpoint server, String database) {
    if (!exists(server, database)) {
      return false; // nothing to drop, and no DROP to fail on a server that refuses writes
    }
    execute(server, "DROP DATABASE IF EXISTS %s WITH (FORCE)".formatted(Postgres.quote(database)));
    return true;
  }

  /**
   * Renames a database, e.g. to keep a corrupt one for later examination. PostgreSQL refuses while
   * anyone is connected to it (see {@link Sessions}).
   */
  public static void rename(PostgresEndpoint server, String from, String to) {
    execute(
        server,
        "ALTER DATABASE %s RENAME TO %s".formatted(Postgres.quote(from), Postgres.quote(to)));
  }

  private static void execute(PostgresEndpoint server, String sql) {
    try (Connection c = Postgres.connect(server, "drd restore");
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
