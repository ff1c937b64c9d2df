package dev.drd.archive;

import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class ArchiverWorkflowImpl implements ArchiverWorkflow {
  /** Long enough for the attempt's uploads after its time is up. */
  private static final Duration HAND_OVER = Duration.ofMinutes(10);

  @Override
  public ArchiveRun archive(ArchiveRequest request) {
    ArchiverActivities streaming =
        Workflow.newActivityStub(
            ArchiverActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.STREAM))
                .setStartToCloseTimeout(request.runFor().plus(HAND_OVER))
                // a dead daemon is noticed within 30 s and another one takes over
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                // a server down or a bucket refusing is retried until it is back; what retrying
                // cannot fix (credentials, another cluster's archive) fails the archiver, and the
                // daemons start it again every minute (ArchiverLauncher)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .build())
                .build());
    ArchiveRun run = streaming.stream(request);
    if (run.archiverEnds()) {
      return run;
    }
    // the memo goes along, so that the next run's activities keep to the streamers' queue
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder().setMemo(WorkQueues.forChildren()).build(), request);
    return run;
  }
}
