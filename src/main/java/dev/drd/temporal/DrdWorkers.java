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
        .setMaxConcurrentActivityExecutionSize(8)
        .build();
  }

  public static WorkerFactoryOptions factoryOptions(DrdWorkerInterceptor interceptor) {
    return WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptor).build();
  }
}
