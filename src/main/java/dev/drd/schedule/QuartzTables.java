package dev.drd.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Quartz's job store tables for PostgreSQL, created from the script in Quartz's own jar (so they
 * always match the Quartz drd runs) when they are not there yet.
 */
final class QuartzTables {
  private static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
  // Any constant: daemons that start together serialize on it, and one of them creates the tables.
  private static final long CREATE_LOCK = 0x647264_5154L;

  private QuartzTables() {}

  /**
   * @return whether this call created them
   */
  static boolean createIfMissing(Connection connection) throws SQLException {
    if (exist(connection)) {
      return false;
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
      if (exist(connection)) {
        connection.rollback();
        return false;
      }
      for (String sql : creatingStatements()) {
        statement.execute(sql);
      }
      connection.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  static boolean exist(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The script's CREATE statements; its DROPs (it starts by dropping the tables) left out. */
  static List<String> creatingStatements() {
    String script;
    try (InputStream in = QuartzTables.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the Quartz jar");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String withoutComments = script.replaceAll("(?m)^\\s*--.*$", "");
    return Arrays.stream(withoutComments.split(";"))
        .map(String::strip)
        .filter(sql -> sql.toUpperCase().startsWith("CREATE "))
        .toList();
  }
}
