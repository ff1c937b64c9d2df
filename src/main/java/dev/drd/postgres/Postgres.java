package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens JDBC connections and turns PostgreSQL's errors into failures that say what to fix. */
public final class Postgres {
  private Postgres() {}

  public static Connection connect(PostgresEndpoint endpoint, String applicationName) {
    try {
      return DriverManager.getConnection(
          endpoint.jdbcUrl(), endpoint.jdbcProperties(applicationName));
    } catch (SQLException e) {
      throw classify(e, endpoint);
    }
  }

  public static DrdException classify(SQLException e, PostgresEndpoint endpoint) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    // The driver's own sentences end in a period; drd's advice follows them.
    String reason = String.valueOf(e.getMessage()).replaceFirst("\\.$", "");
    return switch (state) {
      case "28P01", "28000" ->
          new DrdException(
              FailureType.BAD_CREDENTIALS,
              ("PostgreSQL refused user %s for target %s: %s. Check the password the config names"
                      + " for this target and the server's pg_hba.conf; retrying will not help")
                  .formatted(endpoint.user(), endpoint.describe(), reason),
              e);
      case "3D000" ->
          new DrdException(
              FailureType.DATABASE_NOT_FOUND,
              "database %s does not exist on %s:%d (target %s). Check the target's database in the config"
                  .formatted(
                      endpoint.database(), endpoint.host(), endpoint.port(), endpoint.label()),
              e);
      case "55006" ->
          new DrdException(
              FailureType.DATABASE_IN_USE,
              "%s on %s:%d. Stop its clients or end their sessions, then retry"
                  .formatted(reason, endpoint.host(), endpoint.port()),
              e);
      case "25006" ->
          new DrdException(
              FailureType.SERVER_READ_ONLY,
              ("%s:%d (target %s) refuses writes: %s. It is a standby, or"
                      + " default_transaction_read_only is on (a fenced old primary?); point the"
                      + " target at a primary. Retrying will not help")
                  .formatted(endpoint.host(), endpoint.port(), endpoint.label(), reason),
              e);
      case "42704", "42622", "42939" ->
          new DrdException(
              FailureType.DATABASE_REFUSED,
              "PostgreSQL refused it on %s: %s (SQLSTATE %s). Fix the name or the role; retrying will not help"
                  .formatted(endpoint.describe(), reason, state),
              e);
      case "53200" ->
          new DrdException(
              FailureType.DATABASE_REFUSED,
              "%s ran out of shared memory: %s%s"
                  .formatted(
                      endpoint.describe(),
                      reason.lines().findFirst().orElse(reason),
                      LockTable.ADVICE),
              e);
      case "42501" ->
          new DrdException(
              FailureType.INSUFFICIENT_PRIVILEGES,
              "user %s lacks a privilege on %s: %s. Grant it (e.g. the pg_read_all_data role)"
                  .formatted(endpoint.user(), endpoint.describe(), reason),
              e);
      default -> {
        if (state.startsWith("08") || state.equals("57P03") || state.equals("53300")) {
          yield new DrdException(
              FailureType.DATABASE_UNREACHABLE,
              ("cannot connect to PostgreSQL for target %s: %s. Check that the server runs and that"
                      + " the target's host and port are right")
                  .formatted(endpoint.describe(), reason),
              e);
        }
        yield new DrdException(
            FailureType.DATABASE_ERROR,
            "PostgreSQL error on %s: %s (SQLSTATE %s)"
                .formatted(endpoint.describe(), reason, state),
            e);
      }
    };
  }

  /** {@code "a""b"."c"}: quotes an identifier for SQL text. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  public static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }
}
