package dev.drd.temporal;

import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/** How drd's worker runs, the same in the daemon and in the tests. */
public final class DrdWorkers {
  private DrdWorkers() {}

  public static WorkerOptions workerOptions() {
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
        .setMaxConcurrentActivityExecutionSize(8)
        .build();
  }

  public static WorkerFactoryOptions factoryOptions(DrdWorkerInterceptor interceptor) {
    return WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptor).build();
  }
}
