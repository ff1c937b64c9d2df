package dev.drd.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.postgres.Postgres;
import dev.drd.postgres.TableRows;
import dev.drd.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, part 6: verification counts tables over several sessions at once, so one big (here:
 * locked) table does not hold up the others, and the counts still come back in manifest order.
 */
class VerifierTest {
  static TestPostgres pg;

  @BeforeAll
  static void database() {
    pg = TestPostgres.start();
    pg.createDatabase("verified");
    pg.execute(
        "verified",
        """
        CREATE TABLE t1 AS SELECT generate_series(1, 10) id;
        CREATE TABLE t2 AS SELECT generate_series(1, 20) id;
        CREATE TABLE t3 AS SELECT generate_series(1, 30) id;
        CREATE TABLE t4 AS SELECT generate_series(1, 40) id;
        CREATE TABLE t5 AS SELECT generate_series(1, 50) id;
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void theOtherTablesAreCountedWhileOneIsHeldUp() throws Exception {
    List<TableRows> manifest =
        List.of(
            new TableRows("public", "t1", 10),
            new TableRows("public", "t2", 20),
            new TableRows("public", "t3", 30),
            new TableRows("public", "t4", 40),
            new TableRows("public", "t5", 999));
    AtomicInteger counted = new AtomicInteger();
    try (Connection migration = Postgres.connect(pg.endpoint("verified"), "a long migration")) {
      migration.setAutoCommit(false);
      try (Statement st = migration.createStatement()) {
        st.execute("LOCK TABLE t1 IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<VerificationReport> verifying =
          CompletableFuture.supplyAsync(() ->
              new Verifier(Clock.systemUTC())
                  .verify(
                      pg.endpoint("verified"),
                      manifest,
                      List.of(),
                      2,
                      n -> counted.accumulateAndGet(n, Math::max)));

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (counted.get() < 4) {
        assertThat(System.nanoTime()).as("%d tables counted", counted.get()).isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(verifying).as("t1 is still held up").isNotDone();
      migration.rollback();

      VerificationReport report = verifying.get(20, TimeUnit.SECONDS);
      assertThat(report.tablesChecked()).isEqualTo(5);
      assertThat(report.rowsFound()).isEqualTo(150);
      assertThat(report.mismatches())
          .singleElement()
          .satisfies(m -> assertThat(m.table()).isEqualTo("t5"));
    }
  }
}
