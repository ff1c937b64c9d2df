package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.temporal.Executions;
import dev.drd.temporal.TemporalConnection;
import dev.drd.testing.Cli;
import dev.drd.testing.Poll;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drd runs} and {@code drd cancel} against Temporal's test server: runbooks started on a
 * queue no worker polls stay running, so what the commands see and ask is all there is.
 */
class RunsAndCancelTest {
  @TempDir Path dir;

  @Test
  void runsListsWhatRunsAndRanNewestFirstAndCancelAsksABackupToStop() throws Exception {
    String target = "runs" + UUID.randomUUID().toString().substring(0, 8);
    Path config =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                TestTemporal.target(),
                "runs-test",
                TestS3.newBucket(""),
                TestConfigs.target(target, "127.0.0.1", 1, "db", ""),
                ""));
    String backup = "backup/%s/manual".formatted(target);
    String scheduled = "backup/%s/20261203T020000Z".formatted(target);
    String drill = "drill/%s/manual".formatted(target);
    try (TemporalConnection temporal =
        TemporalConnection.connect(
            new ConfigLoader(Map.of()).load(ConfigSource.file(config)).temporal(),
            null,
            Duration.ofSeconds(10))) {
      WorkflowClient client = temporal.client();
      start(client, "BackupWorkflow", scheduled);
      start(client, "RestoreDrillWorkflow", drill);
      start(client, "BackupWorkflow", backup);
      client.newUntypedWorkflowStub(drill).terminate("test");

      Cli.Run all = Cli.run("runs", "--json", "--limit", "1000", "--config", config.toString());
      Cli.Run runningBackups =
          Cli.run("runs", "--running", "--kind", "backup", "--config", config.toString());
      Cli.Run badKind = Cli.run("runs", "--kind", "dump", "--config", config.toString());
      Cli.Run cancel =
          Cli.run("cancel", backup, "--reason", "wrong target", "--config", config.toString());
      Cli.Run failover = Cli.run("cancel", "failover/" + target, "--config", config.toString());
      Cli.Run unknown =
          Cli.run("cancel", "restore/" + target + "/nope", "--config", config.toString());
      Cli.Run ended = Cli.run("cancel", drill, "--config", config.toString());

      assertThat(all.exitCode()).as(all.err()).isZero();
      List<JsonNode> mine =
          StreamSupport.stream(
                  new ObjectMapper().readTree(all.out()).get("runs").spliterator(), false)
              .filter(r -> r.get("workflowId").asText().contains(target))
              .toList();
      assertThat(mine)
          .extracting(r -> r.get("workflowId").asText())
          .as("newest first")
          .containsExactly(backup, drill, scheduled);
      assertThat(mine)
          .extracting(r -> r.get("state").asText())
          .containsExactly("RUNNING", "TERMINATED", "RUNNING");
      assertThat(mine)
          .extracting(r -> r.get("startedBy").asText())
          .containsExactly("by hand", "by hand", "schedule");
      assertThat(mine.get(1).get("kind").asText()).isEqualTo("drill");
      assertThat(runningBackups.out()).contains(backup, scheduled).doesNotContain(drill);
      assertThat(badKind.exitCode()).isEqualTo(2);
      assertThat(badKind.err()).contains("--kind dump: one of backup, restore, drill");
      assertThat(cancel.exitCode()).as(cancel.err()).isZero();
      assertThat(cancel.out()).contains("drd status " + backup);
      assertThat(
              StreamSupport.stream(
                      client.fetchHistory(backup).getHistory().getEventsList().spliterator(), false)
                  .filter(e ->
                      e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
                  .map(e -> e.getWorkflowExecutionCancelRequestedEventAttributes().getCause())
                  .toList())
          .as("the cancel was asked, with its reason")
          .containsExactly("wrong target");
      assertThat(failover.exitCode()).isEqualTo(2);
      assertThat(failover.err()).contains("drd failover abort failover/" + target);
      assertThat(unknown.exitCode()).isEqualTo(2);
      assertThat(unknown.err()).contains("there is no runbook");
      assertThat(ended.exitCode()).isEqualTo(2);
      assertThat(ended.err()).contains("is not running (TERMINATED)");
    }
  }

  private static void start(WorkflowClient client, String type, String id)
      throws InterruptedException {
    client
        .newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("runs-test-nobody").build())
        .start();
    // the next run starts strictly later, so that newest-first has one answer
    var started = Executions.describe(client, id).getWorkflowExecutionInfo().getStartTime();
    Instant at = Instant.ofEpochSecond(started.getSeconds(), started.getNanos());
    Poll.until(
        Duration.ofSeconds(5), () -> "the clock passing " + at, () -> Instant.now().isAfter(at));
  }
}
