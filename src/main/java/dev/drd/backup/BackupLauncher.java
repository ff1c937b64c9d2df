package dev.drd.backup;

import dev.drd.config.TargetConfig;
import dev.drd.temporal.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Starts backups: {@code backup/<target>/<fire time>} or {@code backup/<target>/manual}. */
public final class BackupLauncher extends RunbookLauncher {
  public BackupLauncher(WorkflowClient client, String taskQueue) {
    super(client, taskQueue, "backup");
  }

  @Override
  public Optional<String> schedule(TargetConfig target) {
    return Optional.ofNullable(target.backup().schedule());
  }

  @Override
  public String timezone(TargetConfig target) {
    return target.backup().timezone();
  }

  @Override
  protected WorkflowExecution start(
      WorkflowClient client, TargetConfig target, Instant fireTime, WorkflowOptions options) {
    BackupWorkflow workflow = client.newWorkflowStub(BackupWorkflow.class, options);
    Duration delay =
        fireTime == null ? null : Jitter.delay(target.name(), target.backup().jitter());
    return WorkflowClient.start(
        workflow::run,
        new BackupRequest(target.name(), fireTime, target.backup().timeout(), delay));
  }
}
