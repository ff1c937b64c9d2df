package dev.drd.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.TestPostgres;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client sessions on a real server: listed per database, a rename refused while they last, ended on
 * request, then the rename goes through and the data moved with the name.
 */
class SessionsTest {
  static TestPostgres pg;

  @BeforeAll
  static void database() {
    pg = TestPostgres.start();
    pg.createDatabase("ledger");
    pg.execute("ledger", "CREATE TABLE entries AS SELECT g AS id FROM generate_series(1, 500) g");
    pg.createDatabase("other");
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void sessionsAreListedEndedAndThenTheDatabaseCanBeRenamed() throws Exception {
    PostgresEndpoint server = pg.endpoint(Databases.MAINTENANCE_DATABASE);
    List<Connection> clients = new ArrayList<>();
    try {
      clients.add(Postgres.connect(pg.endpoint("ledger"), "shop-api"));
      clients.add(Postgres.connect(pg.endpoint("ledger"), "shop-worker"));
      clients.add(Postgres.connect(pg.endpoint("other"), "bystander"));

      assertThat(Sessions.list(server, Optional.of("ledger")))
          .extracting(Sessions.ClientSession::application)
          .containsExactlyInAnyOrder("shop-api", "shop-worker");
      assertThat(Sessions.list(server, Optional.of("ledger")).getFirst().describe())
          .contains("postgres@ledger", "since");

      DrdException inUse =
          catchThrowableOfType(
              DrdException.class, () -> Databases.rename(server, "ledger", "ledger_corrupt"));
      assertThat(inUse.type()).isEqualTo(FailureType.DATABASE_IN_USE);
      assertThat(inUse.getMessage())
          .contains("is being accessed by other users", "end their sessions");

      assertThat(Sessions.terminate(server, Optional.of("ledger"))).isEqualTo(2);
      assertThat(clients.get(0).isValid(2)).isFalse();
      assertThat(clients.get(1).isValid(2)).isFalse();
      assertThat(clients.get(2).isValid(2)).as("a session on another database stays").isTrue();
      assertThat(Sessions.list(server, Optional.of("ledger"))).isEmpty();

      Databases.rename(server, "ledger", "ledger_corrupt");
      assertThat(pg.databaseExists("ledger")).isFalse();
      assertThat(pg.count("ledger_corrupt", "SELECT count(*) FROM entries")).isEqualTo(500);
      Databases.rename(server, "ledger_corrupt", "ledger");
    } finally {
      for (Connection c : clients) {
        c.close();
      }
    }
  }
}
