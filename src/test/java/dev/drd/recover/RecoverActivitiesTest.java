package dev.drd.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.daemon.dev.RecordingCluster;
import dev.drd.postgres.Postgres;
import dev.drd.recover.RecoverActivities.DrainRequest;
import dev.drd.recover.RecoverActivities.KeepCorruptRequest;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database side of a corruption recovery on a real server: clients that let go and one that
 * does not, and the corrupt database kept under a new name.
 */
class RecoverActivitiesTest {
  static TestPostgres pg;
  private TestActivityEnvironment env;
  private RecoverActivities activities;
  @TempDir Path stateDir;

  @BeforeAll
  static void database() {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @BeforeEach
  void environment() {
    DrdConfig config =
        TestConfigs.load(
            TestS3.newBucket(""),
            TestConfigs.target("ledger", pg.host(), pg.port(), "ledger", "")
                + TestConfigs.target("gone", pg.host(), pg.port(), "gone", ""),
            "");
    env =
        TestActivityEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(DrdWorkers.factoryOptions(new DrdWorkerInterceptor()))
                .build());
    env.registerActivitiesImplementations(
        new RecoverActivitiesImpl(
            config,
            new Secrets(Map.of()),
            new RecordingCluster(stateDir.resolve("cluster.json")),
            Clock.systemUTC()));
    activities =
        env.newActivityStub(
            RecoverActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void clientsThatLetGoAreWaitedForAndTheRestEndedAfterTheTimeout() throws Exception {
    pg.createDatabase("ledger");
    try (Connection polite = Postgres.connect(pg.endpoint("ledger"), "polite");
        Connection stubborn = Postgres.connect(pg.endpoint("ledger"), "stubborn")) {
      Thread.ofPlatform()
          .start(() -> {
            try {
              Thread.sleep(1_000);
              polite.close();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });

      RecoverActivities.DrainResult drained =
          activities.drainSessions(new DrainRequest("ledger", Duration.ofSeconds(3)));

      assertThat(drained.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
      assertThat(drained.ended()).singleElement().asString().contains("stubborn");
      assertThat(stubborn.isValid(2)).isFalse();
    }
    RecoverActivities.DrainResult none =
        activities.drainSessions(new DrainRequest("ledger", Duration.ofSeconds(3)));
    assertThat(none.ended()).isEmpty();
    assertThat(none.waited()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void theCorruptDatabaseIsKeptUnderItsNewNameOnceEvenWhenAskedTwice() {
    pg.createDatabase("ledger");
    pg.execute("ledger", "CREATE TABLE entries AS SELECT g AS id FROM generate_series(1, 42) g");

    assertThat(activities.keepCorrupt(new KeepCorruptRequest("ledger", "20261125_010000")))
        .isEqualTo("ledger_corrupt_20261125_010000");
    assertThat(activities.keepCorrupt(new KeepCorruptRequest("ledger", "20261125_010000")))
        .as("a retried step")
        .isEqualTo("ledger_corrupt_20261125_010000");
    assertThat(pg.databaseExists("ledger")).isFalse();
    assertThat(pg.count("ledger_corrupt_20261125_010000", "SELECT count(*) FROM entries"))
        .isEqualTo(42);

    ActivityFailure nothing =
        catchThrowableOfType(
            ActivityFailure.class,
            () -> activities.keepCorrupt(new KeepCorruptRequest("gone", "20261125_010000")));
    assertThat(((ApplicationFailure) nothing.getCause()).getType()).isEqualTo("DATABASE_NOT_FOUND");
    assertThat(nothing.getCause().getMessage()).contains("nothing to keep");
    pg.execute("postgres", "DROP DATABASE ledger_corrupt_20261125_010000");
  }
}
