package dev.drd.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupRequest;
import dev.drd.backup.BackupWorkflow;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.backup.FakeBackupActivities;
import dev.drd.config.WorkerVersioningConfig;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import dev.drd.temporal.RunbookLauncher;
import dev.drd.temporal.WorkQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, part 1: a failover never waits behind data movers. With every data slot held by a dump
 * that goes on and on (and one more dump queued), a failover's steps go to the operator queue and
 * each starts within 2 s of being scheduled; before, they queued for the slots the dumps held (a
 * minute with ten throttled dumps).
 */
class FailoverBesideBusyDataMoversTest {
  private static final String QUEUE = "busy";
  private static final int DATA_SLOTS = 2;

  @Test
  void aFailoversStepsStartAtOnceWhileEveryDataSlotHoldsADump() throws Exception {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkerFactoryOptions(DrdWorkers.factoryOptions(new DrdWorkerInterceptor()))
                .build());
    try {
      List<Worker> workers =
          DrdWorkers.newWorkers(
              env.getWorkerFactory(), QUEUE, WorkerVersioningConfig.defaults(), 8, DATA_SLOTS, 1);
      workers
          .get(0)
          .registerWorkflowImplementationTypes(
              BackupWorkflowImpl.class, FailoverWorkflowImpl.class);
      FakeBackupActivities dumps = new FakeBackupActivities();
      dumps.dumpUntilCancelled = true;
      FakeFailoverActivities failover = new FakeFailoverActivities();
      workers.forEach(w -> w.registerActivitiesImplementations(dumps, failover));
      env.start();
      WorkflowClient client = env.getWorkflowClient();

      for (int i = 1; i <= DATA_SLOTS + 1; i++) {
        BackupWorkflow backup =
            client.newWorkflowStub(
                BackupWorkflow.class,
                RunbookLauncher.options(
                    "backup/orders-" + i + "/manual",
                    QUEUE,
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
        WorkflowClient.start(
            backup::run, new BackupRequest("orders-" + i, null, Duration.ofHours(1)));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (dumps.dumpAttempts.get() < DATA_SLOTS) {
        assertThat(System.nanoTime()).as("the dumps take every data slot").isLessThan(deadline);
        Thread.sleep(50);
      }

      FailoverRunbook runbook = FailoverWorkflowTest.runbook(false);
      RunbookProgress done =
          client
              .newWorkflowStub(
                  FailoverWorkflow.class,
                  RunbookLauncher.options(
                      runbook.workflowId(),
                      QUEUE,
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE))
              .run(new FailoverRequest(runbook, true, null, "alice"));

      assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
      Map<Long, HistoryEvent> scheduled = new HashMap<>();
      List<HistoryEvent> events = client.fetchHistory(runbook.workflowId()).getEvents();
      assertThat(events).anyMatch(HistoryEvent::hasActivityTaskStartedEventAttributes);
      for (HistoryEvent e : events) {
        if (e.hasActivityTaskScheduledEventAttributes()) {
          assertThat(e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())
              .isEqualTo(WorkQueues.queue(QUEUE, WorkQueues.Kind.OPERATOR));
          scheduled.put(e.getEventId(), e);
        } else if (e.hasActivityTaskStartedEventAttributes()) {
          HistoryEvent s =
              scheduled.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId());
          assertThat(Duration.between(instant(s), instant(e)))
              .as(
                  "waited for a slot: %s",
                  s.getActivityTaskScheduledEventAttributes().getActivityType().getName())
              .isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
      }
      assertThat(dumps.dumpAttempts.get())
          .as("the third dump still waits for a data slot: they were all busy")
          .isEqualTo(DATA_SLOTS);
      for (int i = 1; i <= DATA_SLOTS + 1; i++) {
        client.newUntypedWorkflowStub("backup/orders-" + i + "/manual").terminate("test over");
      }
    } finally {
      env.close();
    }
  }

  private static Instant instant(HistoryEvent e) {
    return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
  }
}
