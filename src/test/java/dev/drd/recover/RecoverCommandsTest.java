package dev.drd.recover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.restore.FakeRestoreActivities;
import dev.drd.restore.ResolveRequest;
import dev.drd.restore.RestoreStepRequest;
import dev.drd.restore.RestoreWorkflowImpl;
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
 * The operator's recovery commands as real command lines against a Temporal server: the real
 * recovery and restore workflows, with fake activities. Start, approve, a failed verification
 * retried, another backup, an abort, and what they refuse.
 */
class RecoverCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TARGETS = new AtomicInteger();
  private static final String OTHER_BACKUP = "prod/ledger/2026/11/23/20261123T020000Z.dump.zst";

  @TempDir Path dir;

  private final RecordingRecoverActivities recovery = new RecordingRecoverActivities();
  private final FakeRestoreActivities restore = new FakeRestoreActivities();
  private CommandLineWorker worker;
  private Path runbook;
  private String target;
  private String id;

  @BeforeEach
  void worker() throws Exception {
    target = "ledger" + TARGETS.incrementAndGet();
    id = "recover/" + target;
    worker =
        CommandLineWorker.start(
            dir,
            TestConfigs.target(target, "127.0.0.1", 5432, RecordingRecoverActivities.DATABASE, ""),
            List.of(RecoverWorkflowImpl.class, RestoreWorkflowImpl.class),
            List.of(recovery, restore));
    runbook = TestRunbooks.recovery(dir.resolve("recover.yaml"), target, "api", "worker");
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  @Test
  void aFailedVerificationWaitsWithTheServicesStoppedAndARetryRestoresAgain() throws Exception {
    restore.verificationFails = true;

    Cli.Run start = worker.drd("recover", "start", "--runbook", runbook.toString(), "--by", "ops");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out().strip()).isEqualTo(id);
    assertThat(start.err())
        .contains("started recovery of %s (%s) by ops".formatted(target, id))
        .contains("preflight", "DONE", "backup-checksum")
        .contains("waiting for approval: drd recover approve %s --by NAME".formatted(id));

    Cli.Run waiting = worker.drd("recover", "status", target);
    assertThat(waiting.exitCode()).as("it waits for a person: " + waiting.err()).isEqualTo(3);
    assertThat(waiting.out())
        .contains(id + ": " + target + " from backup latest, AWAITING_APPROVAL");

    Cli.Run second = worker.drd("recover", "start", "--runbook", runbook.toString());
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.err())
        .contains(
            "a recovery %s from backup latest is already running: %s, AWAITING_APPROVAL"
                .formatted(target, id),
            "Nothing was started");

    Cli.Run approve = worker.drd("recover", "approve", id, "--by", "alice", "--wait");
    assertThat(approve.exitCode()).as("it waits for a decision: " + approve.err()).isEqualTo(3);
    assertThat(approve.err())
        .contains("approved by alice")
        .contains("restore failed: ")
        .contains("does not match the backup")
        .contains("Decide: drd recover retry " + id);
    assertThat(approve.out()).contains("WAITING_FOR_OPERATOR", "approved by alice");

    JsonNode failed = JSON.readTree(worker.drd("recover", "status", id, "--json").out());
    assertThat(failed.get("state").asText()).isEqualTo("WAITING_FOR_OPERATOR");
    assertThat(stepStates(failed))
        .containsExactly(
            "preflight DONE",
            "approval DONE",
            "stop DONE",
            "stop DONE",
            "drain DONE",
            "keep DONE",
            "restore FAILED",
            "start PENDING",
            "start PENDING",
            "post-check PENDING");
    assertThat(recovery.scaled())
        .as("the services stay stopped")
        .containsExactly("api 0", "worker 0");

    restore.verificationFails = false;
    Cli.Run retry = worker.drd("recover", "retry", target, "--by", "carol", "--wait");
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out())
        .contains(id + ": " + target + " from backup latest, COMPLETED")
        .contains("kept as ledger_corrupt_")
        .containsPattern("\\n  rto +\\S+  from the start of the recovery")
        .containsPattern("\\n  data-loss-window \\S+  writes between the backup");
    assertThat(recovery.scaled())
        .as("back to the counts recorded before the stop")
        .containsExactly("api 0", "worker 0", "api 2", "worker 1");
    assertThat(restore.restores)
        .extracting(RestoreStepRequest::replace)
        .as("the second restore replaces what the first left")
        .containsExactly(false, true);
    assertThat(restore.restores)
        .extracting(RestoreStepRequest::database)
        .containsOnly(RecordingRecoverActivities.DATABASE);

    Cli.Run status = worker.drd("recover", "status", target, "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode done = JSON.readTree(status.out());
    assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("figures").findValuesAsText("name"))
        .containsExactly("rto", "data-loss-window");
  }

  @Test
  void anotherBackupThanTheRunbooksIsRestoredWhenNamed() throws Exception {
    Cli.Run start =
        worker.drd(
            "recover",
            "start",
            "--runbook",
            runbook.toString(),
            "--backup",
            OTHER_BACKUP,
            "--yes",
            "--by",
            "erin",
            "--wait",
            "--json");
    assertThat(start.exitCode()).as(start.err()).isZero();
    JsonNode done = JSON.readTree(start.out());
    assertThat(done.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("subject").asText()).isEqualTo(target + " from backup " + OTHER_BACKUP);
    assertThat(done.get("approvedBy").asText()).isEqualTo("erin");
    assertThat(done.get("approvalReason").asText()).isEqualTo("started with --yes");
    assertThat(restore.resolves)
        .first()
        .as("the preflight resolves the backup asked for")
        .isEqualTo(new ResolveRequest(target, OTHER_BACKUP));
  }

  @Test
  void abortingBeforeApprovalChangesNothing() {
    worker.drd("recover", "start", "--runbook", runbook.toString());

    Cli.Run abort = worker.drd("recover", "abort", target, "--by", "dave");
    assertThat(abort.exitCode()).as(abort.err()).isZero();
    assertThat(abort.err()).contains(id + ": abort requested by dave");

    Cli.Run status = worker.drd("recover", "status", id, "--watch");
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out()).contains("ABORTED", "aborted by dave before approval");
    assertThat(recovery.scaled()).isEmpty();
    assertThat(restore.calls).containsExactly("resolve", "checkBackup");
  }

  private static List<String> stepStates(JsonNode progress) {
    return progress
        .get("steps")
        .valueStream()
        .map(s -> s.get("step").asText() + " " + s.get("state").asText())
        .toList();
  }
}
