package dev.drd.schedule;

import static dev.drd.schedule.RunbookSchedulerTest.awaitInspections;
import static dev.drd.schedule.RunbookSchedulerTest.inspections;
import static dev.drd.schedule.RunbookSchedulerTest.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.backup.FakeBackupActivities;
import dev.drd.config.ScheduleCluster;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.temporal.RunbookLauncher;
import dev.drd.testing.Ports;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schedule that daemons share through a real PostgreSQL database (Quartz's JDBC store). */
class ClusteredScheduleTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(BackupWorkflowImpl.class);

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private final FakeBackupActivities activities = new FakeBackupActivities();
  private static TestPostgres pg;

  @BeforeAll
  static void startPostgres() {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    pg.close();
  }

  private static String newDatabase() {
    String name = "schedule_" + DATABASES.incrementAndGet();
    pg.createDatabase(name);
    return name;
  }

  private static ScheduleCluster cluster(String database) {
    return new ScheduleCluster(
        pg.host(), pg.port(), database, "postgres", null, null, "disable", Duration.ofSeconds(1));
  }

  private static ScheduleStore open(String database) {
    return ScheduleStore.open(
        cluster(database), new Secrets(Map.of()), RunbookScheduler.connectionsNeeded(200));
  }

  private static List<String> crons(String database, String schedule) {
    String rows =
        pg.text(
            database,
            ("SELECT coalesce(string_agg(trigger_name || ' ' || cron_expression, ',' ORDER BY"
                    + " trigger_name), '') FROM qrtz_cron_triggers WHERE sched_name = '%s'")
                .formatted(schedule));
    return rows.isEmpty() ? List.of() : Arrays.asList(rows.split(","));
  }

  @Test
  void daemonsStartingTogetherCreateQuartzTablesOnce() throws Exception {
    String database = newDatabase();
    List<CompletableFuture<ScheduleStore>> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starts.add(CompletableFuture.supplyAsync(() -> open(database)));
    }
    for (CompletableFuture<ScheduleStore> start : starts) {
      start.get(30, TimeUnit.SECONDS).close();
    }

    assertThat(
            pg.count(
                database,
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'qrtz_%'"))
        .isEqualTo(
            QuartzTables.creatingStatements().stream()
                .filter(sql -> sql.startsWith("CREATE TABLE"))
                .count())
        .isEqualTo(11);
    pg.execute(database, "INSERT INTO qrtz_locks VALUES ('kept', 'TRIGGER_ACCESS')");
    open(database).close();
    assertThat(pg.count(database, "SELECT count(*) FROM qrtz_locks WHERE sched_name = 'kept'"))
        .as("a later start leaves the tables and their rows as they are")
        .isEqualTo(1);
  }

  @Test
  void theSharedScheduleFiresCronsThroughTheDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    String database = newDatabase();
    RunbookScheduler scheduler =
        RunbookScheduler.clustered(
            "drd/test/fires",
            open(database),
            List.of(target("every-second", "* * * * * ?")),
            List.of(new BackupLauncher(client, worker.getTaskQueue())));
    try {
      awaitInspections(activities, 2);
      assertThat(inspections(activities)).isGreaterThanOrEqualTo(2);
      assertThat(
              pg.count(
                  database,
                  "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'drd/test/fires'"))
          .as("the daemon checks in with the others")
          .isEqualTo(1);
    } finally {
      scheduler.close();
    }
  }

  @Test
  void aFireTimeMissedWhileNoDaemonRanFiresOnceWhenOneIsBack(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    String database = newDatabase();
    String name = "drd/test/missed";
    List<TargetConfig> daily = List.of(target("daily", "0 2 * * *"));
    List<RunbookLauncher> launchers = List.of(new BackupLauncher(client, worker.getTaskQueue()));
    BackupLauncher backups = (BackupLauncher) launchers.get(0);
    RunbookScheduler.clustered(name, open(database), daily, launchers).close();
    // every daemon was down when the last 02:00 came
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    java.time.ZonedDateTime today =
        now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusHours(2);
    Instant missed = (today.isAfter(now) ? today.minusDays(1) : today).toInstant();
    pg.execute(
        database,
        "UPDATE qrtz_triggers SET next_fire_time = %d WHERE sched_name = '%s'"
            .formatted(missed.toEpochMilli(), name));

    RunbookScheduler scheduler = RunbookScheduler.clustered(name, open(database), daily, launchers);
    try {
      awaitInspections(activities, 1);
      Thread.sleep(2000);
      assertThat(inspections(activities)).as("one backup for the missed fire time").isEqualTo(1);
      assertThat(client.fetchHistory(backups.scheduledId("daily", missed)).getEvents())
          .as("its id is the missed 02:00's, however late it fired")
          .isNotEmpty();
      assertThat(
              pg.count(
                  database,
                  ("SELECT count(*) FROM qrtz_triggers WHERE sched_name = '%s'"
                          + " AND next_fire_time > extract(epoch FROM now()) * 1000")
                      .formatted(name)))
          .as("and the trigger waits for the next 02:00")
          .isEqualTo(1);
    } finally {
      scheduler.close();
    }
  }

  @Test
  void theDaemonStartingLastBringsTheSharedScheduleInLineWithItsConfig(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    env.start();
    String database = newDatabase();
    List<RunbookLauncher> launchers = List.of(new BackupLauncher(client, worker.getTaskQueue()));
    String name = "drd/test/align";
    RunbookScheduler.clustered(
            name,
            open(database),
            List.of(target("a", "0 2 * * *"), target("b", "0 3 * * *")),
            launchers)
        .close();
    assertThat(crons(database, name))
        .containsExactly("backup-a 0 0 2 * * ?", "backup-b 0 0 3 * * ?");

    RunbookScheduler.clustered(
            name,
            open(database),
            List.of(target("a", "0 4 * * *"), target("c", "30 1 * * 0"), target("d", null)),
            launchers)
        .close();

    assertThat(crons(database, name))
        .as("a rescheduled, b gone, c added, d by hand only")
        .containsExactly("backup-a 0 0 4 * * ?", "backup-c 0 30 1 ? * 1");
    assertThat(
            pg.count(
                database,
                "SELECT count(*) FROM qrtz_job_details WHERE sched_name = '%s'".formatted(name)))
        .isEqualTo(2);
    assertThat(crons(database, "drd/other/queue"))
        .as("another installation's schedule in the same database is its own")
        .isEmpty();
  }

  @Test
  void anUnusableDatabaseStopsTheStartAndSaysWhich() {
    ScheduleCluster closed =
        new ScheduleCluster(
            "127.0.0.1", Ports.free(), "drd", "postgres", null, null, "disable", null);
    assertThatThrownBy(() -> ScheduleStore.open(closed, new Secrets(Map.of()), 5))
        .isInstanceOf(ScheduleStoreUnavailableException.class)
        .hasMessageStartingWith("the schedule's database (schedule.cluster) cannot be used:")
        .hasMessageContaining("cannot connect to PostgreSQL")
        .hasMessageContaining("127.0.0.1:" + closed.port());

    pg.createPasswordRole("right");
    ScheduleCluster wrongPassword =
        new ScheduleCluster(
            pg.host(),
            pg.port(),
            "postgres",
            TestPostgres.PASSWORD_ROLE,
            "SCHEDULE_PASSWORD",
            null,
            "disable",
            null);
    assertThatThrownBy(() ->
            ScheduleStore.open(wrongPassword, new Secrets(Map.of("SCHEDULE_PASSWORD", "wrong")), 5))
        .isInstanceOf(ScheduleStoreUnavailableException.class)
        .hasMessageContaining("refused user " + TestPostgres.PASSWORD_ROLE)
        .hasMessageNotContaining("wrong");
  }
}
