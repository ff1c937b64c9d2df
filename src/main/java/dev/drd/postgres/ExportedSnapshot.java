package dev.drd.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A repeatable-read transaction whose snapshot pg_dump joins ({@code --snapshot}), so that the row
 * counts drd takes in it describe exactly the data in the dump, however busy the database is. It
 * holds ACCESS SHARE locks on the tables, as pg_dump does, so none can be dropped before they are
 * counted.
 */
public final class ExportedSnapshot implements AutoCloseable {
  private final PostgresEndpoint endpoint;
  private final Connection connection;
  private final String id;
  private final String lsn;
  private final List<TableRows> tables;
  private volatile Statement counting;

  private ExportedSnapshot(
      PostgresEndpoint endpoint, Connection c, String id, String lsn, List<TableRows> tables) {
    this.endpoint = endpoint;
    this.connection = c;
    this.id = id;
    this.lsn = lsn;
    this.tables = tables;
  }

  /**
   * @param applicationName what the server shows for the snapshot's session, see {@link SessionTag}
   */
  public static ExportedSnapshot export(PostgresEndpoint endpoint, String applicationName) {
    Connection c = Postgres.connect(endpoint, applicationName);
    try {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      String id;
      String lsn;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  """
                  SELECT pg_export_snapshot(),
                         CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
                              ELSE pg_current_wal_lsn() END::text
                  """)) {
        rs.next();
        id = rs.getString(1);
        lsn = rs.getString(2);
      }
      List<TableRows> tables = DatabaseInspector.tables(c);
      if (!tables.isEmpty()) {
        try (Statement st = c.createStatement()) {
          st.execute(
              tables.stream()
                  .map(t -> Postgres.qualified(t.schema(), t.name()))
                  .collect(Collectors.joining(", ", "LOCK TABLE ", " IN ACCESS SHARE MODE")));
        }
      }
      return new ExportedSnapshot(endpoint, c, id, lsn, tables);
    } catch (SQLException e) {
      closeQuietly(c);
      throw Postgres.classify(e, endpoint);
    }
  }

  public String id() {
    return id;
  }

  /** The WAL position the snapshot, and so the dump, corresponds to. */
  public String lsn() {
    return lsn;
  }

  /** Exact row counts, as the snapshot sees them. */
  public List<TableRows> countRows() {
    List<TableRows> counted = new ArrayList<>(tables.size());
    try (Statement st = connection.createStatement()) {
      counting = st;
      for (TableRows t : tables) {
        counted.add(new TableRows(t.schema(), t.name(), RowCounts.exact(st, t.schema(), t.name())));
      }
      return counted;
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    } finally {
      counting = null;
    }
  }

  /**
   * Counts while pg_dump reads: the snapshot's own connection is idle meanwhile, so the counts cost
   * no wall time when there is a core to spare.
   */
  public CompletableFuture<List<TableRows>> countRowsInBackground() {
    return CompletableFuture.supplyAsync(
        this::countRows, task -> Thread.ofVirtual().name("row counts").start(task));
  }

  @Override
  public void close() {
    Statement inFlight = counting;
    if (inFlight != null) {
      try {
        inFlight.cancel();
      } catch (SQLException ignored) {
        // the connection is closed next, which ends the query anyway
      }
    }
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // closing ends the transaction anyway
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing left to release
    }
  }
}
