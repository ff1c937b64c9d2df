package dev.drd.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.backup.FakeBackupActivities;
import dev.drd.config.BackupPolicy;
import dev.drd.config.TargetConfig;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackupSchedulerTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(BackupWorkflowImpl.class);

  private final FakeBackupActivities activities = new FakeBackupActivities();

  private static TargetConfig target(String name, String schedule) {
    return new TargetConfig(
        name,
        "db",
        5432,
        "db",
        "u",
        null,
        null,
        null,
        new BackupPolicy(schedule, null, null, null, null, Duration.ofMinutes(5)));
  }

  private static long inspections(FakeBackupActivities activities) {
    return activities.calls.stream().filter("inspect"::equals).count();
  }

  @Test
  void aFireTimeRunsOneBackupHoweverOftenItFires(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();
    TargetConfig orders = target("orders", "0 2 * * *");
    StartBackupJob job =
        new StartBackupJob(new BackupLauncher(client, worker.getTaskQueue()), List.of(orders));
    Instant fire = Instant.parse("2026-11-24T02:00:00Z");

    job.fire("orders", fire);
    client.newUntypedWorkflowStub("backup/orders/2026-11-24T02:00:00Z").getResult(Object.class);
    job.fire("orders", fire); // a second daemon, or a misfire, after the first completed
    job.fire("orders", fire.plusSeconds(3600));
    client.newUntypedWorkflowStub("backup/orders/2026-11-24T03:00:00Z").getResult(Object.class);

    assertThat(inspections(activities)).isEqualTo(2);
  }

  @Test
  void quartzFiresTheCronAndStopsWhenClosed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();
    BackupScheduler scheduler =
        BackupScheduler.start(
            List.of(target("every-second", "* * * * * ?"), target("by-hand-only", null)),
            new BackupLauncher(client, worker.getTaskQueue()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inspections(activities) < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
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
    worker.registerActivitiesImplementations(activities);
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
