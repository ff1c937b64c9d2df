package dev.drd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.testing.Poll;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runbook outcomes and people's turns, counted from Temporal's listings (the test server's). */
class RunbookMetricsTest {
  private static final String QUEUE = "runbook-metrics";

  @WorkflowInterface
  public interface Probe {
    /**
     * @param how {@code ok}, {@code fail}, or {@code approval}: wait for {@link #approve}
     */
    @WorkflowMethod
    String run(String how);

    @QueryMethod
    RunbookProgress progress();

    @SignalMethod
    void approve();
  }

  public static class ProbeImpl implements Probe {
    private RunbookStatus state = RunbookStatus.RUNNING;
    private boolean approved;

    @Override
    public String run(String how) {
      if (how.equals("fail")) {
        throw ApplicationFailure.newNonRetryableFailure("failed on purpose", "VERIFICATION_FAILED");
      }
      if (how.equals("approval")) {
        state = RunbookStatus.AWAITING_APPROVAL;
        Workflow.await(() -> approved);
        state = RunbookStatus.COMPLETED;
      }
      return how;
    }

    @Override
    public RunbookProgress progress() {
      return new RunbookProgress(
          Workflow.getInfo().getWorkflowId(),
          "a probe",
          state,
          Instant.EPOCH,
          null,
          null,
          null,
          null,
          List.of(),
          null,
          null);
    }

    @Override
    public void approve() {
      approved = true;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final PrometheusMeterRegistry registry = Metrics.newRegistry();

  @BeforeEach
  void start() {
    // without time skipping: with it, the server jumped to the probe's execution timeout while a
    // test waited, and the recovery awaiting approval ended TIMED_OUT (one run in six)
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ProbeImpl.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static void refreshUntil(RunbookMetrics metrics, BooleanSupplier counted)
      throws InterruptedException {
    Poll.until(
        Duration.ofSeconds(10),
        () -> "runbook metrics as read",
        () -> {
          metrics.refresh();
          return counted.getAsBoolean();
        });
  }

  @Test
  void outcomesAreCountedOnceByKindAndResultAndPeoplesTurnsAreGauged() throws Exception {
    run("backup/t/20261203T000000Z", "ok");
    RunbookMetrics metrics = new RunbookMetrics(client, env.getNamespace(), registry);
    metrics.refresh();
    assertThat(count("backup", "completed"))
        .as("what ended before the daemon started is not counted again")
        .isZero();

    run("backup/t/manual", "ok");
    run("drill/t/manual", "fail");
    run("not-a-runbook/x", "ok");
    WorkflowStub failover = start("failover/east-to-west", "approval");
    WorkflowStub recovery = start("recover/t", "approval");
    // the server lists a closed workflow a moment after its result is readable
    refreshUntil(metrics, () -> count("backup", "completed") == 1 && count("drill", "failed") == 1);

    assertThat(count("backup", "completed")).isEqualTo(1);
    assertThat(count("drill", "failed")).isEqualTo(1);
    assertThat(
            registry
                .find("drd.runbook.completed")
                .tags("kind", "drill", "target", "t", "result", "failed")
                .counter())
        .as("an alert names the target whose runbook failed")
        .isNotNull();
    assertThat(registry.find("drd.runbook.duration").tags("kind", "drill").timer().count())
        .isEqualTo(1);
    assertThat(Search.in(registry).name("drd.runbook.completed").counters())
        .as("workflows that are not runbooks are left out")
        .hasSize(2);
    assertThat(waiting("failover", "approval")).isEqualTo(1);
    assertThat(waiting("recover", "approval")).isEqualTo(1);
    assertThat(waiting("recover", "operator")).isZero();
    assertThat(metrics.open())
        .contains(
            new RunbookMetrics.OpenRunbook("failover/east-to-west", "approval"),
            new RunbookMetrics.OpenRunbook("recover/t", "approval"));

    failover.signal("approve");
    failover.getResult(String.class);
    refreshUntil(
        metrics,
        () ->
            count("failover", "completed") == 1
                && waiting("failover", "approval") == 0
                && waiting("recover", "approval") == 1);
    metrics.refresh();

    assertThat(waiting("failover", "approval")).isZero();
    assertThat(waiting("recover", "approval")).isEqualTo(1);
    assertThat(count("failover", "completed")).isEqualTo(1);
    assertThat(count("backup", "completed")).as("counted once, however often read").isEqualTo(1);
    assertThat(metrics.open())
        .extracting(RunbookMetrics.OpenRunbook::workflowId)
        .containsExactly("recover/t");
    recovery.signal("approve");
  }

  @Test
  void everyMetricDrdExportsHasAHelpText() {
    String text = ExportedMetrics.scrapeText();
    Matcher help = Pattern.compile("(?m)^# HELP (drd_\\S+) ?(.*)$").matcher(text);
    int families = 0;
    while (help.find()) {
      families++;
      assertThat(help.group(2)).as("HELP of " + help.group(1)).isNotBlank();
    }
    assertThat(families).as(text).isGreaterThan(20);
    assertThat(ExportedMetrics.names())
        .contains(
            "drd_runbook_completed_total",
            "drd_runbook_duration_seconds_count",
            "drd_runbook_waiting",
            "drd_daemon_ready",
            "drd_archive_lag_seconds",
            "drd_backup_skipped_total");
  }

  private void run(String id, String how) {
    WorkflowStub stub = start(id, how);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> stub.getResult(String.class)))
        .as("how %s ends", how)
        .matches(e -> how.equals("fail") == (e != null));
  }

  private WorkflowStub start(String id, String how) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Probe", WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    stub.start(how);
    return stub;
  }

  private double count(String kind, String result) {
    var counter =
        registry.find("drd.runbook.completed").tags("kind", kind, "result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  private double waiting(String kind, String what) {
    return registry.get("drd.runbook.waiting").tags("kind", kind, "for", what).gauge().value();
  }
}
