package dev.drd.archive;

import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public class BaseBackupWorkflowImpl implements BaseBackupWorkflow {
  private static final Logger log = Workflow.getLogger(BaseBackupWorkflowImpl.class);

  @Override
  public BaseBackupManifest run(BaseBackupRequest request) {
    BaseBackupTaken taken = activities(Duration.ofHours(6), 3).takeBaseBackup(request);
    BaseBackupManifest manifest =
        activities(request.walWait().plus(Duration.ofMinutes(2)), 2)
            .completeBaseBackup(new BaseBackupCompletion(request, taken));
    if (Workflow.getVersion("prune-archive", Workflow.DEFAULT_VERSION, 1) == 1) {
      try {
        activities(Duration.ofMinutes(10), 3).pruneArchive(request.target());
      } catch (ActivityFailure e) {
        // the base backup is complete either way; the next one prunes again
        log.warn("the archive of {} was not pruned: {}", request.target(), Failures.rootMessage(e));
      }
    }
    return manifest;
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
