package dev.drd.daemon;

import dev.drd.backup.RecoveryInProgress;
import dev.drd.recover.RecoverRunbook;
import dev.drd.temporal.Executions;
import io.temporal.activity.Activity;
import java.util.Optional;

/** Asks Temporal, with the calling activity's client, whether {@code recover/<target>} runs. */
final class RunningRecoveries implements RecoveryInProgress {
  @Override
  public Optional<String> of(String target) {
    String id = RecoverRunbook.workflowId(target);
    return Executions.running(Activity.getExecutionContext().getWorkflowClient(), id)
        ? Optional.of(id)
        : Optional.empty();
  }
}
