package dev.drd.archive;

import dev.drd.config.TargetConfig;
import dev.drd.temporal.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts base backups of archived servers: {@code base-backup/<target>/<fire time>} or {@code
 * base-backup/<target>/manual}.
 */
public final class BaseBackupLauncher extends RunbookLauncher {
  public BaseBackupLauncher(WorkflowClient client, String taskQueue) {
    super(client, taskQueue, "base-backup");
  }

  @Override
  public Optional<String> schedule(TargetConfig target) {
    return target.archived()
        ? Optional.ofNullable(target.archive().baseBackupSchedule())
        : Optional.empty();
  }

  @Override
  public String timezone(TargetConfig target) {
    return target.backup().timezone();
  }

  @Override
  protected WorkflowExecution start(
      WorkflowClient client, TargetConfig target, Instant fireTime, WorkflowOptions options) {
    BaseBackupWorkflow workflow = client.newWorkflowStub(BaseBackupWorkflow.class, options);
    return WorkflowClient.start(
        workflow::run,
        new BaseBackupRequest(
            target.name(),
            fireTime != null ? fireTime : Instant.now(),
            UUID.randomUUID().toString().substring(0, 8),
            BaseBackupRequest.DEFAULT_WAL_WAIT));
  }
}
