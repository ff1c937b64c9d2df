package dev.drd.backup;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories recorded from earlier versions of BackupWorkflowImpl against the current code:
 * a change that would break running backups (non-determinism) fails here. The histories are written
 * by BackupWorkflowTest to target/histories/; copy one here when the workflow changes on purpose,
 * behind Workflow.getVersion.
 */
class BackupWorkflowReplayTest {
  @ParameterizedTest
  @ValueSource(strings = {"backup-completed.json", "backup-dump-failed.json"})
  void recordedHistoriesStillReplay(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + history, BackupWorkflowImpl.class);
  }
}
