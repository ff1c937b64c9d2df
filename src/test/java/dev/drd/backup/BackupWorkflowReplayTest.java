package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThatCode;

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
  void recordedHistoriesStillReplay(String history) {
    assertThatCode(() ->
            WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/" + history, BackupWorkflowImpl.class))
        .as("replaying " + history)
        .doesNotThrowAnyException();
  }
}
