package dev.drd.archive;

import dev.drd.temporal.ActivityStubs;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PointInTimeRestoreWorkflowImpl implements PointInTimeRestoreWorkflow {
  @Override
  public PitrResult run(PitrRequest request) {
    PitrPlan plan =
        ActivityStubs.limited(
                PointInTimeActivities.class, WorkQueues.Kind.DATA, Duration.ofMinutes(5), 3)
            .planPointInTime(request);
    // one attempt: a failed recovery leaves nothing (its data directory is removed), and a
    // person decides whether to try again
    PointInTimeActivities restoring =
        Workflow.newActivityStub(
            PointInTimeActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
                .setStartToCloseTimeout(Duration.ofHours(12))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    return restoring.restorePointInTime(plan);
  }
}
