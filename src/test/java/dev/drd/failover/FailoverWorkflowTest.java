package dev.drd.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.runbook.ApprovalRequest;
import dev.drd.runbook.OperatorDecision;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepStatus;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FailoverWorkflowTest {
  private static final ConfigLoader LOADER = new ConfigLoader(Map.of());
  private static final DrdConfig CONFIG =
      LOADER.load(ConfigSource.file(java.nio.file.Path.of("config/drd.yaml")));

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(FailoverWorkflowImpl.class);

  private final FakeFailoverActivities activities = new FakeFailoverActivities();

  static FailoverRunbook runbook(boolean approval) {
    return new FailoverRunbookLoader(LOADER, CONFIG)
        .load(
            new ConfigSource(
                "test.yaml",
                """
                from: us-east
                to: eu-west
                database: { promote: temporal-eu-west, fence: temporal }
                approval: { required: %s, timeout: 10m }
                scaleDown:
                  workloads: [ { namespace: t, name: frontend }, { namespace: t, name: history } ]
                dns: { provider: route53, zone: example.com., record: db.example.com., value: eu.example.com., route53: { hostedZoneId: Z1 } }
                scaleUp:
                  workloads: [ { namespace: t, name: frontend, replicas: 3 } ]
                postChecks: { http: [ { url: "http://eu.example.com/health" } ] }
                """
                    .formatted(approval)));
  }

  private FailoverWorkflow start(WorkflowClient client, Worker worker, FailoverRequest request) {
    FailoverWorkflow workflow =
        client.newWorkflowStub(
            FailoverWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.runbook().workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(workflow::run, request);
    return workflow;
  }

  /** Polls the progress query; env.sleep skips the test server's time past retry backoffs. */
  private static RunbookProgress await(
      TestWorkflowEnvironment env, FailoverWorkflow workflow, Predicate<RunbookProgress> p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    RunbookProgress progress = workflow.progress();
    while (!p.test(progress) && System.nanoTime() < deadline) {
      env.sleep(Duration.ofMillis(500));
      progress = workflow.progress();
    }
    return progress;
  }

  private static ApplicationFailure failure(FailoverWorkflow workflow) {
    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(workflow).getResult(RunbookProgress.class));
    return (ApplicationFailure) e.getCause();
  }

  private static List<String> states(RunbookProgress p) {
    return p.steps().stream().map(s -> s.step() + ":" + s.state()).toList();
  }

  @Test
  void withYesEveryStepRunsInOrder(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();

    FailoverWorkflow workflow =
        start(client, worker, new FailoverRequest(runbook(true), true, null, "alice"));
    RunbookProgress done = WorkflowStub.fromTyped(workflow).getResult(RunbookProgress.class);

    assertThat(activities.calls)
        .containsExactly(
            "preflight",
            "scale frontend 0",
            "scale history 0",
            "fence temporal",
            "promote temporal-eu-west",
            "dns eu.example.com.",
            "scale frontend 3",
            "check HTTP_CHECK",
            "check SQL_CHECK");
    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(done.approvedBy()).isEqualTo("alice");
    assertThat(done.steps()).allSatisfy(s -> assertThat(s.state()).isEqualTo(StepStatus.DONE));
    assertThat(done.steps().get(1).message()).isEqualTo("approved by alice: --yes");
    assertThat(done.steps().get(2).message()).isEqualTo("3 → 0 replicas");
    assertThat(done.steps().get(2).startedAt()).isNotNull();
    TestWorkflows.recordHistory(client, "failover/us-east-to-eu-west", "failover-completed.json");
  }

  @Test
  void nothingChangesUntilSomeoneApprovesAndTheApprovalIsRecorded(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();
    FailoverWorkflow workflow =
        start(client, worker, new FailoverRequest(runbook(true), false, null, "alice"));

    assertThat(await(env, workflow, p -> p.state() == RunbookStatus.AWAITING_APPROVAL).state())
        .isEqualTo(RunbookStatus.AWAITING_APPROVAL);
    assertThat(activities.calls).containsExactly("preflight");
    assertThat(
            catchThrowableOfType(
                WorkflowUpdateException.class,
                () -> workflow.decide(new OperatorDecision("RETRY", "bob"))))
        .as("nothing to retry yet")
        .isNotNull();

    workflow.approve(new ApprovalRequest("bob", "us-east is down, INC-42"));
    RunbookProgress done = WorkflowStub.fromTyped(workflow).getResult(RunbookProgress.class);

    assertThat(done.approvedBy()).isEqualTo("bob");
    assertThat(done.approvalReason()).isEqualTo("us-east is down, INC-42");
    assertThat(done.steps().get(1).message()).isEqualTo("approved by bob: us-east is down, INC-42");
    assertThat(activities.calls).contains("promote temporal-eu-west");
    TestWorkflows.recordHistory(
        client, "failover/us-east-to-eu-west", "failover-approved-by-update.json");
  }

  @Test
  void anApprovalThatNeverComesTimesOutWithNothingChanged(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();
    FailoverWorkflow workflow =
        start(client, worker, new FailoverRequest(runbook(true), false, null, "alice"));

    ApplicationFailure failure = failure(workflow);

    assertThat(failure.getType()).isEqualTo("APPROVAL_TIMEOUT");
    assertThat(activities.calls).containsExactly("preflight");
    TestWorkflows.recordHistory(
        client, "failover/us-east-to-eu-west", "failover-approval-timeout.json");
  }

  @Test
  void aFailedPreflightStopsUnlessForced(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.preflight =
        List.of(new PreflightCheck("replica-lag", false, "96 MiB behind, limit 64 MiB"));
    worker.registerActivitiesImplementations(activities);
    env.start();

    ApplicationFailure refused =
        failure(start(client, worker, new FailoverRequest(runbook(false), true, null, "alice")));
    assertThat(refused.getType()).isEqualTo("PREFLIGHT_FAILED");
    assertThat(refused.getOriginalMessage())
        .contains(
            "FAILED replica-lag: 96 MiB behind", "--force replica-lag", "nothing was changed");
    assertThat(activities.calls).containsExactly("preflight");

    FailoverWorkflow forced =
        start(
            client,
            worker,
            new FailoverRequest(runbook(false), true, List.of("replica-lag"), "alice"));
    assertThat(WorkflowStub.fromTyped(forced).getResult(RunbookProgress.class).state())
        .isEqualTo(RunbookStatus.COMPLETED);
  }

  @Test
  void aFailedStepWaitsForTheOperatorWhoRetriesOrSkips(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.failTimes("promote", 3); // the step's own retries are used up once
    activities.failTimes("dns", 10);
    worker.registerActivitiesImplementations(activities);
    env.start();
    FailoverWorkflow workflow =
        start(client, worker, new FailoverRequest(runbook(false), true, null, "alice"));

    RunbookProgress waiting =
        await(env, workflow, p -> p.state() == RunbookStatus.WAITING_FOR_OPERATOR);
    assertThat(states(waiting)).contains("promote:FAILED");
    assertThat(waiting.steps().get(4).message()).contains("promote failed on purpose");
    workflow.decide(new OperatorDecision("RETRY", "bob"));

    RunbookProgress dnsWaiting =
        await(
            env,
            workflow,
            p ->
                p.state() == RunbookStatus.WAITING_FOR_OPERATOR
                    && states(p).contains("switch DNS:FAILED"));
    assertThat(states(dnsWaiting)).contains("promote:DONE");
    assertThat(dnsWaiting.steps().get(4).attempts()).isEqualTo(2);
    workflow.decide(new OperatorDecision("SKIP", "bob"));

    RunbookProgress done = WorkflowStub.fromTyped(workflow).getResult(RunbookProgress.class);
    assertThat(states(done)).contains("switch DNS:SKIPPED", "scale up:DONE");
    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(activities.calls.stream().filter(c -> c.startsWith("promote"))).hasSize(4);
    TestWorkflows.recordHistory(
        client, "failover/us-east-to-eu-west", "failover-retried-and-skipped.json");
  }

  @Test
  void abortBeforePromotionScalesTheFailedRegionBack(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    FailoverWorkflow workflow = waitingAfterThePromotionFails(env, worker, client);

    workflow.decide(new OperatorDecision("ABORT", "bob"));
    ApplicationFailure aborted = failure(workflow);

    assertThat(aborted.getType()).isEqualTo("FAILOVER_ABORTED");
    assertThat(aborted.getOriginalMessage())
        .contains(
            "aborted by bob at step 5 (promote)",
            "Undone: temporal takes writes again",
            "back to 3",
            "Nothing is left changed.");
    assertThat(activities.calls)
        .as("undone in reverse: the fence, then the scale-down")
        .endsWith("unfence temporal", "scale frontend 3", "scale history 3");
    RunbookProgress progress = aborted.getDetails().get(RunbookProgress.class);
    assertThat(states(progress)).contains("promote:ABORTED", "switch DNS:ABORTED");
    assertThat(progress.state()).isEqualTo(RunbookStatus.ABORTED);
    assertThat(progress.outcome()).isEqualTo(aborted.getOriginalMessage());
    assertThat(WorkflowStub.fromTyped(workflow).query("progress", RunbookProgress.class).outcome())
        .as("status shows what was undone")
        .contains("Undone: temporal takes writes again");
    TestWorkflows.recordHistory(client, "failover/us-east-to-eu-west", "failover-aborted.json");
  }

  /** Issue 14, case 4: what an abort could not undo is named, with what to do about it. */
  @Test
  void anAbortThatCannotUnfenceSaysTheOldPrimaryIsStillReadOnly(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.failTimes("unfence", 100);
    FailoverWorkflow workflow = waitingAfterThePromotionFails(env, worker, client);

    workflow.decide(new OperatorDecision("ABORT", "bob"));

    assertThat(failure(workflow).getOriginalMessage())
        .contains(
            "Undone: ",
            "back to 3",
            "NOT undone, left for you: temporal is still READ-ONLY",
            "ALTER SYSTEM RESET default_transaction_read_only");
  }

  /** A failover past its fence whose promotion keeps failing, waiting for the operator. */
  private FailoverWorkflow waitingAfterThePromotionFails(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.failTimes("promote", 100);
    worker.registerActivitiesImplementations(activities);
    env.start();
    FailoverWorkflow workflow =
        start(client, worker, new FailoverRequest(runbook(false), true, null, "alice"));
    await(env, workflow, p -> p.state() == RunbookStatus.WAITING_FOR_OPERATOR);
    return workflow;
  }

  @Test
  void aBestEffortStepThatFailsIsRecordedAndTheFailoverGoesOn(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    activities.failTimes("scale", 1);
    activities.failTimes("fence", 1);
    worker.registerActivitiesImplementations(activities);
    env.start();
    FailoverWorkflow workflow =
        start(client, worker, new FailoverRequest(runbook(false), true, null, "alice"));

    RunbookProgress done = WorkflowStub.fromTyped(workflow).getResult(RunbookProgress.class);

    assertThat(states(done))
        .startsWith("preflight:DONE", "scale down:IGNORED", "scale down:DONE", "fence:IGNORED");
    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
  }

  @Test
  void oneFailoverBetweenTwoRegionsAtATime(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    worker.registerActivitiesImplementations(activities);
    env.start();
    FailoverWorkflow first =
        start(client, worker, new FailoverRequest(runbook(true), false, null, "alice"));
    await(env, first, p -> p.state() == RunbookStatus.AWAITING_APPROVAL);

    assertThat(
            catchThrowableOfType(
                WorkflowExecutionAlreadyStarted.class,
                () ->
                    start(
                        client, worker, new FailoverRequest(runbook(true), false, null, "carol"))))
        .isNotNull();
  }
}
