package dev.drd.temporal;

import dev.drd.config.WorkerVersioningConfig;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;

/** How drd's worker runs, the same in the daemon and in the tests. */
public final class DrdWorkers {
  private static final int OWN_QUEUE_SLOTS = 8;

  private DrdWorkers() {}

  /**
   * The daemon's workers: the runbooks' own on {@code queue} (workflow tasks, and the activities of
   * runbooks started before the queues were split), then one per kind of work with its own slots
   * ({@link WorkQueues}): operator steps never wait behind data movers, nor these behind those.
   */
  public static List<Worker> newWorkers(
      WorkerFactory factory,
      String queue,
      WorkerVersioningConfig versioning,
      int operatorSteps,
      int dataMovers,
      int streamers) {
    return List.of(
        factory.newWorker(queue, workerOptions(versioning, OWN_QUEUE_SLOTS)),
        factory.newWorker(
            WorkQueues.queue(queue, WorkQueues.Kind.OPERATOR),
            workerOptions(versioning, operatorSteps)),
        factory.newWorker(
            WorkQueues.queue(queue, WorkQueues.Kind.DATA), workerOptions(versioning, dataMovers)),
        factory.newWorker(
            WorkQueues.queue(queue, WorkQueues.Kind.STREAM), workerOptions(versioning, streamers)));
  }

  public static WorkerOptions workerOptions(WorkerVersioningConfig versioning) {
    return workerOptions(versioning, OWN_QUEUE_SLOTS);
  }

  /**
   * @param activitySlots how many activities this worker runs at once
   */
  public static WorkerOptions workerOptions(WorkerVersioningConfig versioning, int activitySlots) {
    return WorkerOptions.newBuilder()
        // Lets an activity that is finishing during the graceful stop keep heartbeating, so it
        // completes on its first attempt instead of being cut off at its next heartbeat.
        .setAllowActivityHeartbeatDuringShutdown(true)
        // Heartbeats carry the progress the CLI shows and bring cancellation to a running dump;
        // the SDK's default would send them only every 0.8 × the heartbeat timeout (24 s).
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
        // Zero turns sticky execution off: every workflow task goes through the shared queue, so a
        // daemon that dies or restarts never leaves a runbook waiting on its sticky queue (the
        // test server never moves such tasks). drd's histories are short; replay costs little.
        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
        .setMaxConcurrentActivityExecutionSize(activitySlots)
        .setDeploymentOptions(deploymentOptions(versioning))
        .build();
  }

  /**
   * The version goes with every poll and completed task even with versioning off, so Temporal shows
   * which build each daemon runs. Only with versioning on does it route by it; the default behavior
   * then covers every runbook, so none needs an annotation of its own.
   */
  private static WorkerDeploymentOptions deploymentOptions(WorkerVersioningConfig versioning) {
    WorkerDeploymentOptions.Builder options =
        WorkerDeploymentOptions.newBuilder()
            .setVersion(
                new WorkerDeploymentVersion(versioning.deploymentName(), versioning.buildId()));
    if (versioning.enabled()) {
      options
          .setUseVersioning(true)
          .setDefaultVersioningBehavior(VersioningBehavior.valueOf(versioning.defaultBehavior()));
    }
    return options.build();
  }

  public static WorkerFactoryOptions factoryOptions(DrdWorkerInterceptor interceptor) {
    return WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptor).build();
  }
}
