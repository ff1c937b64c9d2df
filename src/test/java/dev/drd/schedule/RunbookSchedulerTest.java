package dev.drd.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.backup.FakeBackupActivities;
import dev.drd.config.BackupPolicy;
import dev.drd.config.DrillPolicy;
import dev.drd.config.Objectives;
import dev.drd.config.TargetConfig;
import dev.drd.drill.DrillLauncher;
import dev.drd.drill.DrillReport;
import dev.drd.drill.FakeDrillActivities;
import dev.drd.drill.RestoreDrillWorkflowImpl;
import dev.drd.restore.FakeRestoreActivities;
import dev.drd.restore.RestoreWorkflowImpl;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunbookSchedulerTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflows.extension(
          BackupWorkflowImpl.class, RestoreDrillWorkflowImpl.class, RestoreWorkflowImpl.class);

  private final FakeBackupActivities activities = new FakeBackupActivities();

  static TargetConfig target(String name, String schedule) {
    return new TargetConfig(
        name,
        "db",
        5432,
        "db",
        "u",
        null,
        null,
        null,
        new BackupPolicy(schedule, null, null, null, null, Duration.ofMinutes(5), null, null),
        null,
        null,
        null,
        null);
  }

  /** Waits up to 15 s until the backups have started {@code n} times (or more). */
  static void awaitInspections(FakeBackupActivities activities, long n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (inspections(activities) < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  static long inspections(FakeBackupActivities activities) {
    return activities.calls.stream().filter("inspect"::equals).count();
  }

  private static StartRunbookJob backupJob(
      WorkflowClient client, Worker worker, TargetConfig target) {
    return new StartRunbookJob(
        Map.of("backup", new BackupLauncher(client, worker.getTaskQueue())), List.of(target));
  }

  @Test
  void aFireTimeRunsOneBackupHoweverOftenItFires(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    TargetConfig orders = target("orders", "0 2 * * *");
    StartRunbookJob job = backupJob(client, worker, orders);
    Instant fire = Instant.parse("2026-11-24T02:00:00Z");

    job.fire("backup", "orders", fire);
    client.newUntypedWorkflowStub("backup/orders/2026-11-24T02:00:00Z").getResult(Object.class);
    job.fire("backup", "orders", fire); // a second daemon, or a misfire, after the first completed
    job.fire("backup", "orders", fire.plusSeconds(3600));
    client.newUntypedWorkflowStub("backup/orders/2026-11-24T03:00:00Z").getResult(Object.class);

    assertThat(inspections(activities)).isEqualTo(2);
  }

  @Test
  void noScheduledBackupStartsWhileARecoveryReplacesTheDatabase(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    TargetConfig ledger = target("ledger", "0 * * * *");
    StartRunbookJob job = backupJob(client, worker, ledger);
    // no worker runs this type here: the recovery stays open as long as the test needs
    WorkflowStub recovery =
        client.newUntypedWorkflowStub(
            "CorruptionRecoveryWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("recover/ledger")
                .setTaskQueue("no-worker")
                .build());
    recovery.start();

    job.fire("backup", "ledger", Instant.parse("2026-11-24T02:00:00Z"));
    recovery.terminate("the test is done with it");
    job.fire("backup", "ledger", Instant.parse("2026-11-24T03:00:00Z"));
    client.newUntypedWorkflowStub("backup/ledger/2026-11-24T03:00:00Z").getResult(Object.class);

    assertThat(inspections(activities)).as("only the backup after the recovery").isEqualTo(1);
    assertThatThrownBy(() -> client.fetchHistory("backup/ledger/2026-11-24T02:00:00Z"))
        .as("the backup of the fire during the recovery was never started")
        .hasMessageContaining("NOT_FOUND");
  }

  @Test
  void aDrillFireTimeRunsOneDrillOnTheTargetsDrillServer(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    FakeRestoreActivities restores = new FakeRestoreActivities();
    FakeDrillActivities drills = new FakeDrillActivities(new Objectives(null, null));
    TestWorkflows.activitiesOnEveryQueue(env, worker, restores, drills);
    env.start();
    TargetConfig orders =
        new TargetConfig(
            "orders",
            "db",
            5432,
            "db",
            "u",
            null,
            null,
            null,
            null,
            null,
            new DrillPolicy("0 5 * * 0", null, "staging", null),
            null,
            null);
    StartRunbookJob job =
        new StartRunbookJob(
            Map.of("drill", new DrillLauncher(client, worker.getTaskQueue())), List.of(orders));
    Instant fire = Instant.parse("2026-11-22T05:00:00Z");

    job.fire("drill", "orders", fire);
    DrillReport report =
        client
            .newUntypedWorkflowStub("drill/orders/2026-11-22T05:00:00Z")
            .getResult(DrillReport.class);
    job.fire("drill", "orders", fire);

    assertThat(report.server()).isEqualTo("staging");
    assertThat(report.scratchDatabase()).isEqualTo("drill_orders_20261122_050000");
    assertThat(restores.calls.stream().filter("restore"::equals)).hasSize(1);
  }

  /**
   * Issue 15, part 5: a fleet of 200 targets whose backups are all due in the same second; each
   * fire time starts exactly one backup, under the id of its nominal fire time.
   */
  @Test
  void twoHundredTargetsDueInTheSameSecondEachStartOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    java.time.ZonedDateTime due =
        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
            .plusSeconds(4)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String cron = "%d %d %d * * ?".formatted(due.getSecond(), due.getMinute(), due.getHour());
    List<TargetConfig> fleet =
        java.util.stream.IntStream.rangeClosed(1, 200)
            .mapToObj(i -> target("t-" + i, cron))
            .toList();
    BackupLauncher launcher = new BackupLauncher(client, worker.getTaskQueue());
    try (RunbookScheduler scheduler =
        RunbookScheduler.inMemory("drd-fleet", fleet, List.of(launcher))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (inspections(activities) < 200) {
        assertThat(System.nanoTime())
            .as("%d of 200 backups started", inspections(activities))
            .isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    for (TargetConfig t : fleet) {
      assertThat(
              launcher.running(launcher.scheduledId(t.name(), due.toInstant()))
                  || client.fetchHistory(launcher.scheduledId(t.name(), due.toInstant())) != null)
          .as("backup of %s under its nominal fire time", t.name())
          .isTrue();
    }
    assertThat(inspections(activities)).as("each fire time started once").isEqualTo(200);
  }

  @Test
  void quartzFiresTheCronAndStopsWhenClosed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    RunbookScheduler scheduler =
        RunbookScheduler.inMemory(
            "drd-test",
            List.of(target("every-second", "* * * * * ?"), target("by-hand-only", null)),
            List.of(
                new BackupLauncher(client, worker.getTaskQueue()),
                new DrillLauncher(client, worker.getTaskQueue())));
    awaitInspections(activities, 2);
    scheduler.close();
    assertThat(inspections(activities)).isGreaterThanOrEqualTo(2);
    Thread.sleep(1500);
    long afterClose = inspections(activities);
    Thread.sleep(1500);
    assertThat(inspections(activities)).isEqualTo(afterClose);
  }

  @Test
  void oneBackupByHandPerTargetRunsAtATime(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.dumpStarted = new CountDownLatch(1);
    activities.dumpUntilCancelled = true;
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
    BackupLauncher launcher = new BackupLauncher(client, worker.getTaskQueue());
    TargetConfig orders = target("orders", null);

    var first = launcher.startManual(orders);
    assertThat(activities.dumpStarted.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> launcher.startManual(orders))
        .isInstanceOfSatisfying(
            WorkflowExecutionAlreadyStarted.class,
            e -> assertThat(e.getExecution().getRunId()).isEqualTo(first.getRunId()));
    assertThat(launcher.startManual(target("other", null)).getWorkflowId())
        .isEqualTo("backup/other/manual");
    assertThat(first.getWorkflowId()).isEqualTo("backup/orders/manual");
  }
}
