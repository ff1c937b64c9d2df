package dev.drd.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replica lag, promotion and fencing on a real primary and its streaming replica. */
class ReplicationTest {
  private TestPostgres pg;

  @BeforeEach
  void start() {
    pg = TestPostgres.startWithReplica();
    pg.execute("postgres", "CREATE TABLE t (id int)");
  }

  @AfterEach
  void stop() throws Exception {
    pg.close();
  }

  private PostgresEndpoint replica() {
    return new PostgresEndpoint(
        "replica", "127.0.0.1", pg.replica().port(), "postgres", "postgres", null, "disable");
  }

  private PostgresEndpoint primary() {
    return pg.endpoint("postgres");
  }

  private void onReplica(String sql) throws SQLException {
    try (Connection c = Postgres.connect(replica(), "test");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private ReplicaState awaitReplica(java.util.function.Predicate<ReplicaState> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    ReplicaState state = Replication.replicaState(replica());
    while (!condition.test(state) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      state = Replication.replicaState(replica());
    }
    return state;
  }

  @Test
  void aPausedReplayShowsAsLagOnTheReplicaAndOnThePrimary() throws Exception {
    pg.execute("postgres", "INSERT INTO t SELECT generate_series(1, 10)");
    ReplicaState caughtUp = awaitReplica(s -> s.replayLsn() != null && s.lagBytes() == 0);
    assertThat(caughtUp.inRecovery()).isTrue();
    assertThat(caughtUp.replayPaused()).isFalse();

    onReplica("SELECT pg_wal_replay_pause()");
    pg.execute("postgres", "INSERT INTO t SELECT generate_series(1, 50000)");
    ReplicaState behind = awaitReplica(s -> s.lagBytes() > 100_000);

    assertThat(behind.replayPaused()).isTrue();
    assertThat(behind.lagBytes()).isGreaterThan(100_000);
    assertThat(Replication.lagBytesSeenByPrimary(primary()))
        .hasValueSatisfying(lag -> assertThat(lag).isGreaterThanOrEqualTo(behind.lagBytes()));

    onReplica("SELECT pg_wal_replay_resume()");
    assertThat(awaitReplica(s -> s.lagBytes() == 0).lagBytes()).isZero();
  }

  @Test
  void promotionMakesTheReplicaWritableAndPromotingTwiceIsFine() throws Exception {
    pg.execute("postgres", "INSERT INTO t VALUES (1)");
    awaitReplica(s -> s.replayLsn() != null && s.lagBytes() == 0);

    Promotion first = Replication.promote(replica(), Duration.ofSeconds(30));
    Promotion second = Replication.promote(replica(), Duration.ofSeconds(30));

    assertThat(first.alreadyPrimary()).isFalse();
    assertThat(second.alreadyPrimary()).isTrue();
    assertThat(Replication.replicaState(replica()).inRecovery()).isFalse();
    onReplica("INSERT INTO t VALUES (2)");
    assertThat(Replication.lagBytesSeenByPrimary(primary())).isEmpty();
  }

  @Test
  void aFencedPrimaryRefusesWritesAndEndsItsSessionsUntilUnfenced() throws Exception {
    try (Connection client = Postgres.connect(primary(), "an application");
        Statement st = client.createStatement()) {
      st.execute("SELECT 1");

      int ended = Replication.fence(primary());
      Replication.fence(primary());

      assertThat(ended).isEqualTo(1);
      assertThat(client.isValid(2)).as("the application's session was ended").isFalse();
    }
    DrdException refused =
        catchThrowableOfType(
            DrdException.class,
            () -> {
              try (Connection c = Postgres.connect(primary(), "late writer");
                  Statement st = c.createStatement()) {
                st.execute("INSERT INTO t VALUES (3)");
              } catch (SQLException e) {
                throw Postgres.classify(e, primary());
              }
            });
    assertThat(refused.getMessage()).contains("read-only transaction");

    Replication.unfence(primary());
    Replication.unfence(primary());

    try (Connection c = Postgres.connect(primary(), "writer after the abort");
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO t VALUES (4)");
    }
  }
}
