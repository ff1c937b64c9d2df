package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupResult;
import dev.drd.testing.BackupDaemons;
import dev.drd.testing.BackupDaemons.Setup;
import dev.drd.testing.DrdProcess;
import dev.drd.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemon processes with one config share their schedule through one PostgreSQL database: each
 * fire time is fired by one of them, and when one is killed the other goes on firing.
 */
class ClusteredScheduleIT {
  @RegisterExtension static final BackupDaemons daemons = new BackupDaemons();

  private static final Duration EVERY = Duration.ofSeconds(3);
  private static final Pattern STARTED =
      Pattern.compile("started scheduled backup backup/shop/(\\S+) \\(run");

  @TempDir Path work;

  @Test
  void eachFireTimeRunsOnceAndTheSurvivorOfAKillKeepsFiring() throws Exception {
    daemons.pg().createDatabase("drd_schedule");
    daemons.pg().createDatabase("shop");
    daemons
        .pg()
        .execute("shop", "CREATE TABLE orders AS SELECT g AS id FROM generate_series(1, 100) g");
    Setup setup =
        daemons.setup(
            work,
            "clustered",
            TestConfigs.target(
                "shop",
                daemons.pg().host(),
                daemons.pg().port(),
                "shop",
                "backup: { schedule: '*/%d * * * * ?' }".formatted(EVERY.toSeconds())),
            """
            schedule:
              cluster:
                host: %s
                port: %d
                database: drd_schedule
                sslMode: disable
                checkinInterval: 1s
            """
                .formatted(daemons.pg().host(), daemons.pg().port()));

    try (DrdProcess first = daemons.serve(work, setup, Map.of());
        DrdProcess second = daemons.serve(work, setup, Map.of())) {
      await(() -> fireTimes(first, second).size() >= 5, Duration.ofSeconds(45), first, second);

      Instant killed = Instant.now();
      assertThat(first.kill()).isEqualTo(128 + 9);
      await(
          () -> fireTimes(second).stream().filter(killed::isBefore).count() >= 3,
          Duration.ofSeconds(60),
          first,
          second);
      List<Instant> all = fireTimes(first, second);
      assertThat(all).as("no fire time fired twice").doesNotHaveDuplicates();
      assertThat(first.stderr() + second.stderr())
          .as("no daemon even tried to start a fire time the other had started")
          .doesNotContain("already exists");
      List<Instant> sorted = all.stream().sorted().toList();
      for (int i = 1; i < sorted.size(); i++) {
        assertThat(Duration.between(sorted.get(i - 1), sorted.get(i)))
            .as("no fire time missed, through the kill: %s", sorted)
            .isEqualTo(EVERY);
      }
      await(() -> instances() == 1, Duration.ofSeconds(30), first, second);
      List<BackupResult> results = new java.util.ArrayList<>();
      for (Instant fire : fireTimes(second)) {
        results.add(result("backup/shop/" + fire));
      }
      assertThat(results)
          .as("each fire time's backup completed, or was skipped while another one dumped")
          .allSatisfy(r ->
              assertThat(r.wasSkipped() ? r.skipped() : r.key())
                  .isNotBlank()
                  .satisfiesAnyOf(
                      text -> assertThat(r.wasSkipped()).isFalse(),
                      text -> assertThat(text).contains("a backup of shop is already running")))
          .anySatisfy(r -> assertThat(r.status()).isEqualTo("COMPLETED"));
      second.sigterm();
      assertThat(second.waitFor(Duration.ofMinutes(1))).as(second.stderr()).isZero();
    }
  }

  /** The daemons that the shared schedule counts as alive: the killed one is found dead. */
  private static long instances() {
    return daemons
        .pg()
        .count(
            "drd_schedule",
            "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'drd/default/daemons-clustered'");
  }

  private static BackupResult result(String workflowId) throws Exception {
    return daemons
        .temporal()
        .client()
        .newUntypedWorkflowStub(workflowId)
        .getResult(1, TimeUnit.MINUTES, BackupResult.class);
  }

  /** The fire times whose backups these daemons started, as their logs say. */
  private static List<Instant> fireTimes(DrdProcess... processes) {
    List<Instant> times = new ArrayList<>();
    for (DrdProcess p : processes) {
      Matcher m = STARTED.matcher(p.stderr());
      while (m.find()) {
        times.add(Instant.parse(m.group(1)));
      }
    }
    return times;
  }

  private static void await(
      BooleanSupplier condition, Duration timeout, DrdProcess first, DrdProcess second)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not within %s; first daemon:%n%s%nsecond daemon:%n%s"
                .formatted(timeout, first.stderr(), second.stderr()));
      }
      Thread.sleep(250);
    }
  }
}
