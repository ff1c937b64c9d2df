package dev.drd.temporal;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Activity stubs for runbook steps, in workflow code. */
public final class ActivityStubs {
  private ActivityStubs() {}

  /** A step that ends within {@code timeout}, tried {@code attempts} times, 2 s to 30 s apart. */
  public static <T> T limited(
      Class<T> activities, WorkQueues.Kind kind, Duration timeout, int attempts) {
    return Workflow.newActivityStub(
        activities,
        ActivityOptions.newBuilder()
            .setTaskQueue(WorkQueues.forActivities(kind))
            .setStartToCloseTimeout(timeout)
            .setRetryOptions(
                Retries.exponential(Duration.ofSeconds(2), Duration.ofSeconds(30), attempts))
            .build());
  }

  /**
   * A step that waits for something outside (pods ready, DNS in sync, sessions ending): a dead
   * worker is noticed by its missing heartbeats, within 30 s.
   */
  public static <T> T waiting(Class<T> activities, WorkQueues.Kind kind, Duration timeout) {
    return Workflow.newActivityStub(
        activities,
        ActivityOptions.newBuilder()
            .setTaskQueue(WorkQueues.forActivities(kind))
            .setStartToCloseTimeout(timeout)
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(Retries.exponential(Duration.ofSeconds(5), Duration.ofMinutes(1), 3))
            .build());
  }
}
