package dev.drd.temporal;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.drd.archive.ArchiverWorkflowImpl;
import dev.drd.archive.BaseBackupWorkflowImpl;
import dev.drd.archive.PointInTimeRestoreWorkflowImpl;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.drill.RestoreDrillWorkflowImpl;
import dev.drd.failover.FailoverWorkflowImpl;
import dev.drd.recover.RecoverWorkflowImpl;
import dev.drd.restore.RestoreWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from earlier versions of each workflow against the current code: a
 * change that would break running workflows (non-determinism) fails here. The workflow tests write
 * fresh histories to target/histories/; copy one here when a workflow changes on purpose, behind
 * Workflow.getVersion.
 */
class HistoryReplayTest {
  static Stream<Arguments> histories() {
    return Stream.of(
        Arguments.of(
            "backup-completed.json",
            "backup/orders/2026-11-24T02:00:00Z",
            BackupWorkflowImpl.class),
        Arguments.of("backup-dump-failed.json", "b2", BackupWorkflowImpl.class),
        Arguments.of("backup-dump-timed-out.json", "b-timeout", BackupWorkflowImpl.class),
        Arguments.of("backup-skipped.json", "b-skipped", BackupWorkflowImpl.class),
        Arguments.of("backup-jittered.json", "b-jitter", BackupWorkflowImpl.class),
        Arguments.of("backup-cancelled.json", "b7", BackupWorkflowImpl.class),
        Arguments.of(
            "restore-completed.json", "restore/orders/orders_copy", RestoreWorkflowImpl.class),
        Arguments.of("restore-checksum-mismatch.json", "r2", RestoreWorkflowImpl.class),
        Arguments.of(
            "drill-passed.json",
            "drill/orders/2026-11-22T05:00:00Z",
            RestoreDrillWorkflowImpl.class),
        Arguments.of("drill-failed.json", "d2", RestoreDrillWorkflowImpl.class),
        Arguments.of(
            "failover-completed.json", "failover/us-east-to-eu-west", FailoverWorkflowImpl.class),
        Arguments.of(
            "failover-approved-by-update.json",
            "failover/us-east-to-eu-west",
            FailoverWorkflowImpl.class),
        Arguments.of(
            "failover-approval-timeout.json",
            "failover/us-east-to-eu-west",
            FailoverWorkflowImpl.class),
        Arguments.of(
            "failover-retried-and-skipped.json",
            "failover/us-east-to-eu-west",
            FailoverWorkflowImpl.class),
        Arguments.of(
            "failover-aborted.json", "failover/us-east-to-eu-west", FailoverWorkflowImpl.class),
        Arguments.of("recover-aborted.json", "recover/ledger", RecoverWorkflowImpl.class),
        Arguments.of("recover-completed.json", "recover/ledger", RecoverWorkflowImpl.class),
        Arguments.of("recover-at-completed.json", "recover/ledger", RecoverWorkflowImpl.class),
        Arguments.of("archive-handed-over.json", "archive/orders", ArchiverWorkflowImpl.class),
        Arguments.of("archive-not-archived.json", "archive/orders", ArchiverWorkflowImpl.class),
        Arguments.of("archive-cancelled.json", "archive/orders", ArchiverWorkflowImpl.class),
        Arguments.of(
            "base-backup-completed.json", "base-backup/shop/manual", BaseBackupWorkflowImpl.class),
        Arguments.of(
            "base-backup-pruned.json", "base-backup/shop/manual", BaseBackupWorkflowImpl.class),
        Arguments.of(
            "base-backup-wal-not-archived.json", "bb-no-wal", BaseBackupWorkflowImpl.class),
        Arguments.of(
            "pitr-completed.json", "pitr/shop/by-time", PointInTimeRestoreWorkflowImpl.class),
        Arguments.of("pitr-refused.json", "pitr/shop/never", PointInTimeRestoreWorkflowImpl.class),
        Arguments.of(
            "pitr-into-completed.json",
            "restore/shop/shop_before",
            PointInTimeRestoreWorkflowImpl.class),
        Arguments.of(
            "drill-pitr-passed.json", "drill/shop/latest", RestoreDrillWorkflowImpl.class));
  }

  /** The workflow id matters: the drill derives its child's id from it. */
  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistoriesStillReplay(String history, String workflowId, Class<?> workflow)
      throws Exception {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/histories/" + history)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThatCode(() ->
            WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(json, workflowId), workflow))
        .as("replaying " + history)
        .doesNotThrowAnyException();
  }
}
