package dev.drd.restore;

import dev.drd.config.Expectation;
import dev.drd.config.SqlAssertion;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.RowCounts;
import dev.drd.postgres.TableRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Checks a restored database against the manifest of its backup and the target's assertions. */
public final class Verifier {
  private static final String ASSERTION_TIMEOUT = "5min";

  private final Clock clock;

  public Verifier(Clock clock) {
    this.clock = clock;
  }

  /**
   * Exact row counts of {@code tables} in {@code database}: what a copy of it must hold.
   *
   * @param connections how many tables are counted at once, each on a session of its own
   */
  public static List<TableRows> count(
      PostgresEndpoint database, List<TableRows> tables, int connections, IntConsumer progress) {
    Long[] counts = countAll(database, tables, connections, progress);
    List<TableRows> exact = new ArrayList<>(tables.size());
    for (int i = 0; i < tables.size(); i++) {
      TableRows table = tables.get(i);
      if (counts[i] != null) {
        exact.add(new TableRows(table.schema(), table.name(), counts[i]));
      }
    }
    return exact;
  }

  /**
   * @param connections how many tables are counted at once, each on a session of its own
   * @param progress called with the number of tables counted so far
   */
  public VerificationReport verify(
      PostgresEndpoint database,
      List<TableRows> manifest,
      List<SqlAssertion> assertions,
      int connections,
      IntConsumer progress) {
    Instant started = clock.instant();
    return report(
        database,
        manifest,
        countAll(database, manifest, connections, progress),
        assertions,
        started);
  }

  /**
   * Proves a database with no manifest to hold it to readable: every table's rows counted (each row
   * read), then the assertions. Only a table that vanished while counting is a mismatch.
   */
  public VerificationReport readable(
      PostgresEndpoint database,
      List<TableRows> tables,
      List<SqlAssertion> assertions,
      int connections) {
    Instant started = clock.instant();
    Long[] counts = countAll(database, tables, connections, n -> {});
    List<TableRows> found = new ArrayList<>(tables.size());
    for (int i = 0; i < tables.size(); i++) {
      TableRows t = tables.get(i);
      found.add(new TableRows(t.schema(), t.name(), counts[i] == null ? 0 : counts[i]));
    }
    return report(database, found, counts, assertions, started);
  }

  private VerificationReport report(
      PostgresEndpoint database,
      List<TableRows> manifest,
      Long[] counts,
      List<SqlAssertion> assertions,
      Instant started) {
    List<TableMismatch> mismatches = new ArrayList<>();
    int mismatchCount = 0;
    long expected = 0;
    long found = 0;
    for (int i = 0; i < manifest.size(); i++) {
      TableRows table = manifest.get(i);
      Long actual = counts[i];
      expected += table.rows();
      found += actual == null ? 0 : actual;
      if (actual == null || actual != table.rows()) {
        mismatchCount++;
        if (mismatches.size() < VerificationReport.MAX_LISTED) {
          mismatches.add(new TableMismatch(table.schema(), table.name(), table.rows(), actual));
        }
      }
    }
    Instant counted = clock.instant();
    List<AssertionResult> results = new ArrayList<>();
    try (Connection c = Postgres.connect(database, "drd verify")) {
      for (SqlAssertion assertion : assertions) {
        results.add(run(c, database, assertion));
      }
    } catch (SQLException e) {
      throw Postgres.classify(e, database);
    }
    Instant finished = clock.instant();
    return new VerificationReport(
        database.database(),
        manifest.size(),
        expected,
        found,
        mismatchCount,
        mismatches,
        results,
        Duration.between(started, counted),
        Duration.between(counted, finished),
        finished);
  }

  /**
   * Exact row counts in manifest order, null for a missing table: {@code connections} sessions take
   * the next table as each finishes one, so one big or locked table does not hold up the rest.
   */
  private static Long[] countAll(
      PostgresEndpoint database, List<TableRows> manifest, int connections, IntConsumer progress) {
    Long[] counts = new Long[manifest.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    int sessions = Math.max(1, Math.min(connections, manifest.size()));
    List<CompletableFuture<Void>> counters = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      counters.add(
          CompletableFuture.runAsync(
              () -> {
                try (Connection c = Postgres.connect(database, "drd verify");
                    Statement st = c.createStatement()) {
                  for (int i = next.getAndIncrement();
                      i < counts.length;
                      i = next.getAndIncrement()) {
                    counts[i] = count(st, manifest.get(i));
                    progress.accept(done.incrementAndGet());
                  }
                } catch (SQLException e) {
                  throw Postgres.classify(e, database);
                }
              },
              task -> Thread.ofVirtual().name("count rows").start(task)));
    }
    try {
      CompletableFuture.allOf(counters.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new DrdException(
              FailureType.DATABASE_ERROR, "counting rows failed: " + e.getCause(), e);
    }
    return counts;
  }

  /** The table's rows, or null when the restored database lacks it. */
  private static Long count(Statement st, TableRows table) throws SQLException {
    try {
      return RowCounts.exact(st, table.schema(), table.name());
    } catch (SQLException e) {
      if (RowCounts.NO_SUCH_TABLE.equals(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }

  /** A failing query fails its assertion; a lost connection fails the step, which is retried. */
  private static AssertionResult run(
      Connection c, PostgresEndpoint database, SqlAssertion assertion) throws SQLException {
    Expectation expectation = Expectation.parse(assertion.expect());
    c.setAutoCommit(false);
    c.setReadOnly(true);
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL statement_timeout = '" + ASSERTION_TIMEOUT + "'");
      try (ResultSet rs = st.executeQuery(assertion.sql())) {
        if (!rs.next()) {
          return failed(assertion, "the query returned no row");
        }
        String actual = rs.getString(1);
        if (rs.next()) {
          return failed(assertion, "the query returned more than one row");
        }
        return new AssertionResult(
            assertion.name(),
            assertion.sql(),
            expectation.toString(),
            actual,
            expectation.test(actual),
            null);
      }
    } catch (SQLException e) {
      DrdException classified = Postgres.classify(e, database);
      if (classified.type() == FailureType.DATABASE_UNREACHABLE) {
        throw e;
      }
      return failed(assertion, "the query failed: " + e.getMessage());
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  private static AssertionResult failed(SqlAssertion assertion, String error) {
    return new AssertionResult(
        assertion.name(), assertion.sql(), assertion.expect(), null, false, error);
  }
}
