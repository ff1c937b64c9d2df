package dev.drd.archive;

import dev.drd.temporal.Retries;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class BaseBackupWorkflowImpl implements BaseBackupWorkflow {
  @Override
  public BaseBackupManifest run(BaseBackupRequest request) {
    BaseBackupTaken taken = activities(Duration.ofHours(6), 3).takeBaseBackup(request);
    return activities(request.walWait().plus(Duration.ofMinutes(2)), 2)
        .completeBaseBackup(new BaseBackupCompletion(request, taken));
  }

  private static BaseBackupActivities activities(Duration timeout, int attempts) {
    return Workflow.newActivityStub(
        BaseBackupActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
            .setStartToCloseTimeout(timeout)
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(
                Retries.exponential(Duration.ofSeconds(5), Duration.ofMinutes(1), attempts))
            .build());
  }
}
