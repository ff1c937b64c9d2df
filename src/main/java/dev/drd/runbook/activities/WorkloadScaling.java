package dev.drd.runbook.activities;

import dev.drd.cluster.ClusterScaler;
import dev.drd.cluster.Replicas;
import dev.drd.config.Durations;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.temporal.ActivityPause;
import io.temporal.activity.Activity;
import java.time.Duration;

/**
 * Scaling a workload inside an activity: set the count, then (when asked) poll until enough
 * replicas are ready, heartbeating meanwhile so that a dead worker is noticed.
 */
public final class WorkloadScaling {
  private static final Duration POLL = Duration.ofSeconds(1);

  private WorkloadScaling() {}

  public static ScaleResult scale(ClusterScaler scaler, ScaleRequest request) {
    int previous = scaler.scale(request.workload().workload(), request.replicas());
    long deadline = System.nanoTime() + request.timeout().toNanos();
    Replicas now = scaler.replicas(request.workload().workload());
    while (request.awaitReady() && now.ready() < request.replicas()) {
      if (System.nanoTime() > deadline) {
        throw new DrdException(
            FailureType.CLUSTER_FAILED,
            "%s has %d of %d replicas ready after %s; check its pods (kubectl describe), then retry"
                .formatted(
                    request.workload().workload().describe(),
                    now.ready(),
                    request.replicas(),
                    Durations.format(request.timeout())));
      }
      Activity.getExecutionContext()
          .heartbeat("%d of %d ready".formatted(now.ready(), request.replicas()));
      ActivityPause.of(POLL);
      now = scaler.replicas(request.workload().workload());
    }
    return new ScaleResult(previous, now.ready());
  }
}
