package dev.drd.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.WorkerVersioningConfig;
import dev.drd.runbook.OperatorDecision;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepState;
import dev.drd.runbook.StepStatus;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkflowImplementationOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failover outlives the worker that started it: the next worker replays the history and runs only
 * what was not done yet. Each worker has its own factory and its own fake activities, so what a
 * fake records is what that worker did.
 */
@Timeout(30) // a workflow task stranded with a dead worker would otherwise hang the build
class FailoverWorkerRestartTest {
  private static final String TASK_QUEUE = "failover-restart";
  private static final ConfigLoader LOADER = new ConfigLoader(Map.of());
  private static final FailoverRunbook RUNBOOK =
      new FailoverRunbookLoader(LOADER, LOADER.load(ConfigSource.file(Path.of("config/drd.yaml"))))
          .load(
              new ConfigSource(
                  "restart.yaml",
                  """
                  from: us-east
                  to: eu-west
                  database: { promote: temporal-eu-west, fence: temporal }
                  scaleDown: { workloads: [ { namespace: t, name: frontend } ] }
                  dns: { provider: route53, zone: example.com., record: db.example.com., value: eu.example.com., route53: { hostedZoneId: Z1 } }
                  scaleUp: { workloads: [ { namespace: t, name: frontend, replicas: 3 } ] }
                  postChecks: { http: [ { url: "http://eu.example.com/health" } ] }
                  """));
  private static final String DNS = "dns eu.example.com.";
  private static final List<String> UP_TO_DNS =
      List.of("preflight", "scale frontend 0", "fence temporal", "promote temporal-eu-west", DNS);
  private static final List<String> FROM_DNS_ON =
      List.of(DNS, "scale frontend 3", "check HTTP_CHECK", "check SQL_CHECK");

  /**
   * The test server does not skip time while an activity runs, so the DNS switch's 30 s heartbeat
   * timeout would pass in real time: shortened, a dead worker is noticed within seconds.
   */
  private static final WorkflowImplementationOptions FAST_DEATH_NOTICE =
      WorkflowImplementationOptions.newBuilder()
          .setActivityOptions(
              Map.of(
                  "FailoverSwitchDns",
                  ActivityOptions.newBuilder().setHeartbeatTimeout(Duration.ofSeconds(3)).build()))
          .build();

  private TestWorkflowEnvironment env;
  private final List<WorkerFactory> workers = new ArrayList<>();

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stopServer() {
    workers.forEach(WorkerFactory::shutdownNow);
    env.close();
  }

  @Test
  void aWorkerKilledDuringTheDnsSwitchIsReplacedAndOnlyTheSwitchAndLaterStepsRunAgain()
      throws Exception {
    HangingDnsSwitch first = new HangingDnsSwitch();
    WorkerFactory dying = startWorker(first);
    FailoverWorkflow workflow = startFailover();
    assertThat(first.switching.await(10, TimeUnit.SECONDS)).as("DNS switch started").isTrue();

    kill(dying);
    FakeFailoverActivities second = new FakeFailoverActivities();
    startWorker(second);
    RunbookProgress done =
        WorkflowStub.fromTyped(workflow).getResult(20, TimeUnit.SECONDS, RunbookProgress.class);

    assertThat(first.calls).containsExactlyElementsOf(UP_TO_DNS);
    assertThat(second.calls).containsExactlyElementsOf(FROM_DNS_ON);
    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(done.steps())
        .extracting(StepState::state, StepState::attempts)
        .containsOnly(tuple(StepStatus.DONE, 1));
    assertThat(retriedActivities())
        .as("the server retried the switch in flight; the workflow did not start it again")
        .containsExactly("FailoverSwitchDns attempt 2");
  }

  @Test
  void aWorkerRestartedWhileAFailedStepWaitsForTheOperatorRetriesOnlyThatStep() throws Exception {
    FakeFailoverActivities first = new FakeFailoverActivities();
    first.failTimes("dns", 3); // all the attempts the step's retry policy allows
    WorkerFactory stopping = startWorker(first);
    FailoverWorkflow workflow = startFailover();
    awaitState(workflow, RunbookStatus.WAITING_FOR_OPERATOR);

    kill(stopping);
    FakeFailoverActivities second = new FakeFailoverActivities();
    startWorker(second);
    assertThat(workflow.progress().state())
        .as("as the new worker replays it")
        .isEqualTo(RunbookStatus.WAITING_FOR_OPERATOR);
    workflow.decide(new OperatorDecision("RETRY", "bob"));
    RunbookProgress done =
        WorkflowStub.fromTyped(workflow).getResult(20, TimeUnit.SECONDS, RunbookProgress.class);

    assertThat(first.calls)
        .containsExactly(
            "preflight",
            "scale frontend 0",
            "fence temporal",
            "promote temporal-eu-west",
            DNS,
            DNS,
            DNS);
    assertThat(second.calls).containsExactlyElementsOf(FROM_DNS_ON);
    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(done.steps())
        .extracting(StepState::step, StepState::state, StepState::attempts)
        .containsExactly(
            tuple("preflight", StepStatus.DONE, 1),
            tuple("approval", StepStatus.DONE, 1),
            tuple("scale down", StepStatus.DONE, 1),
            tuple("fence", StepStatus.DONE, 1),
            tuple("promote", StepStatus.DONE, 1),
            tuple("switch DNS", StepStatus.DONE, 2),
            tuple("scale up", StepStatus.DONE, 1),
            tuple("post-check", StepStatus.DONE, 1),
            tuple("post-check", StepStatus.DONE, 1));
  }

  /** A worker as the daemon runs it, in a factory of its own so that it can die alone. */
  private WorkerFactory startWorker(FailoverActivities activities) {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            env.getWorkflowClient(), DrdWorkers.factoryOptions(new DrdWorkerInterceptor()));
    workers.add(factory);
    Worker worker =
        factory.newWorker(TASK_QUEUE, DrdWorkers.workerOptions(WorkerVersioningConfig.defaults()));
    worker.registerWorkflowImplementationTypes(FAST_DEATH_NOTICE, FailoverWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    return factory;
  }

  private static void kill(WorkerFactory factory) {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    assertThat(factory.isTerminated()).as("the old worker is gone").isTrue();
  }

  private FailoverWorkflow startFailover() {
    FailoverWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                FailoverWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(RUNBOOK.workflowId())
                    .setTaskQueue(TASK_QUEUE)
                    .build());
    WorkflowClient.start(workflow::run, new FailoverRequest(RUNBOOK, true, null, "alice"));
    return workflow;
  }

  /** env.sleep lets the test server skip the activity's retry backoffs. */
  private void awaitState(FailoverWorkflow workflow, RunbookStatus state) {
    for (int second = 0; second < 60 && workflow.progress().state() != state; second++) {
      env.sleep(Duration.ofSeconds(1));
    }
    assertThat(workflow.progress().state()).isEqualTo(state);
  }

  private List<String> retriedActivities() {
    List<HistoryEvent> events =
        env.getWorkflowClient().fetchHistory(RUNBOOK.workflowId()).getEvents();
    Map<Long, String> types =
        events.stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .collect(
                Collectors.toMap(
                    HistoryEvent::getEventId,
                    e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()));
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .map(HistoryEvent::getActivityTaskStartedEventAttributes)
        .filter(started -> started.getAttempt() > 1)
        .map(s -> types.get(s.getScheduledEventId()) + " attempt " + s.getAttempt())
        .toList();
  }

  /**
   * Its DNS switch heartbeats until its worker shuts down and then, like a killed process, reports
   * nothing: the server learns of the death only from the missing heartbeats.
   */
  private static final class HangingDnsSwitch extends FakeFailoverActivities {
    final CountDownLatch switching = new CountDownLatch(1);

    @Override
    public String switchDns(DnsSwitch dns) {
      calls.add("dns " + dns.value());
      ActivityExecutionContext context = Activity.getExecutionContext();
      context.doNotCompleteOnReturn();
      switching.countDown();
      try {
        while (true) {
          context.heartbeat(null);
          Thread.sleep(100);
        }
      } catch (InterruptedException | ActivityCompletionException killed) {
        return null;
      }
    }
  }
}
