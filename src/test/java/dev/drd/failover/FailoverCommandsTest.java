package dev.drd.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.testing.Cli;
import dev.drd.testing.CommandLineWorker;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestRunbooks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's failover commands as real command lines against a Temporal server, with a worker
 * whose activities are fakes: start, approve, status, retry, abort, and what they refuse.
 */
class FailoverCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger REGIONS = new AtomicInteger();

  @TempDir Path dir;

  private final FakeFailoverActivities activities = new FakeFailoverActivities();
  private CommandLineWorker worker;
  private Path runbook;
  private String region;

  @BeforeEach
  void worker() throws Exception {
    region = "east" + REGIONS.incrementAndGet();
    worker =
        CommandLineWorker.start(
            dir,
            TestConfigs.target("old-primary", "127.0.0.1", 5432, "db", "")
                + TestConfigs.target("new-primary", "127.0.0.1", 5433, "db", ""),
            List.of(FailoverWorkflowImpl.class),
            List.of(activities));
    runbook = TestRunbooks.failover(dir.resolve("failover.yaml"), region);
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  private Cli.Run drd(String... args) {
    return worker.drd(args);
  }

  @Test
  void anApprovedFailoverWhoseStepFailedIsRetriedFromTheCommandLine() throws Exception {
    activities.failTimes("promote", 3); // the step's own three attempts
    String id = "failover/%s-to-west".formatted(region);

    Cli.Run start =
        drd(
            "failover",
            "start",
            "--runbook",
            runbook.toString(),
            "--by",
            "alice",
            "--wait",
            "--json");
    assertThat(start.exitCode()).as("--wait returns at the approval: " + start.err()).isEqualTo(3);
    JsonNode atApproval = JSON.readTree(start.out());
    assertThat(atApproval.get("state").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(atApproval.at("/waitingFor/for").asText()).isEqualTo("approval");
    assertThat(atApproval.at("/waitingFor/commands/0").asText())
        .isEqualTo("drd failover approve %s --by NAME [--reason TEXT] --wait".formatted(id));
    assertThat(start.err())
        .contains("preflight", "DONE")
        .contains("waiting for approval: drd failover approve %s --by NAME".formatted(id));

    Cli.Run second = drd("failover", "start", "--runbook", runbook.toString());
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.err())
        .contains(
            "a failover %s → west is already running: %s, AWAITING_APPROVAL".formatted(region, id),
            "Nothing was started");

    Cli.Run early = drd("failover", "retry", id);
    assertThat(early.exitCode()).isEqualTo(2);
    assertThat(early.err()).contains("no step is waiting for a decision", "AWAITING_APPROVAL");
    assertThat(activities.calls).containsExactly("preflight");

    Cli.Run approve =
        drd(
            "failover",
            "approve",
            region + "-to-west",
            "--by",
            "bob",
            "--reason",
            "INC-1",
            "--wait");
    assertThat(approve.exitCode()).as("it waits for a decision: " + approve.err()).isEqualTo(3);
    assertThat(approve.err())
        .contains("approved by bob")
        .contains("promote failed: promote failed on purpose. Decide: drd failover retry " + id);
    assertThat(approve.out()).contains("WAITING_FOR_OPERATOR", "approved by bob: INC-1");

    Cli.Run status = drd("failover", "status", id, "--json");
    assertThat(status.exitCode()).as(status.err()).isEqualTo(3);
    JsonNode waiting = JSON.readTree(status.out());
    assertThat(waiting.get("state").asText()).isEqualTo("WAITING_FOR_OPERATOR");
    assertThat(waiting.get("steps").get(4).get("state").asText()).isEqualTo("FAILED");
    assertThat(waiting.at("/waitingFor/for").asText()).isEqualTo("operator");
    assertThat(waiting.at("/waitingFor/step").asText()).isEqualTo("promote");
    assertThat(waiting.at("/waitingFor/message").asText()).isEqualTo("promote failed on purpose");
    assertThat(waiting.at("/waitingFor/commands").toString())
        .contains("drd failover retry %s --wait".formatted(id), "drd failover abort " + id);

    Cli.Run retry = drd("failover", "retry", id, "--by", "carol", "--wait");
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out())
        .contains(id + ": " + region + " → west, COMPLETED")
        .contains("approved by bob: INC-1")
        .containsPattern("in all: steps \\S+, waiting for people \\S+, orchestration \\S+");
    assertThat(activities.calls)
        .containsExactly(
            "preflight",
            "scale api 0",
            "fence old-primary",
            "promote new-primary",
            "promote new-primary",
            "promote new-primary",
            "promote new-primary",
            "dns west.example.com.",
            "scale api 2");

    Cli.Run done = drd("failover", "status", id);
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).contains("COMPLETED", "promote     DONE");
  }

  @Test
  void abortingBeforeApprovalChangesNothing() throws Exception {
    drd("failover", "start", "--runbook", runbook.toString());
    String id = "failover/%s-to-west".formatted(region);

    Cli.Run abort = drd("failover", "abort", id, "--by", "dave", "--json");
    assertThat(abort.exitCode()).as(abort.err()).isZero();
    assertThat(abort.err()).contains("abort requested by dave");
    assertThat(JSON.readTree(abort.out()).get("workflowId").asText())
        .as("--json without --wait prints where the runbook stands")
        .isEqualTo(id);

    Cli.Run status = drd("failover", "status", id, "--watch");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out()).contains("ABORTED", "aborted by dave before approval");
    assertThat(activities.calls).containsExactly("preflight");

    worker.stopWorker();
    Cli.Run withoutDaemon = drd("failover", "status", id);
    assertThat(withoutDaemon.exitCode())
        .as("a finished failover reads from its history")
        .isEqualTo(1);
    assertThat(withoutDaemon.out()).contains("ABORTED", "aborted by dave before approval");
  }

  @Test
  void unknownFailoversAndPreflightChecksAreRefusedByName() {
    Cli.Run unknown = drd("failover", "status", "nowhere-to-west");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("there is no failover failover/nowhere-to-west");

    Cli.Run force =
        drd("failover", "start", "--runbook", runbook.toString(), "--force", "replica-lagg");
    assertThat(force.exitCode()).isEqualTo(2);
    assertThat(force.err())
        .contains(
            "--force replica-lagg: this runbook's preflight has no such check; it has:"
                + " replica-reachable, replica-in-recovery, primary-reachable, replica-streaming,"
                + " replica-lag, cluster-west, dns");
    assertThat(activities.calls).isEmpty();
  }
}
