package dev.drd.testing;

import dev.drd.config.WorkerVersioningConfig;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import dev.drd.temporal.WorkQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A workflow test environment whose worker runs as the daemon's does; started by the test. */
public final class TestWorkflows {
  private TestWorkflows() {}

  public static TestWorkflowExtension extension(Class<?>... workflowTypes) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(workflowTypes)
        .setWorkerFactoryOptions(DrdWorkers.factoryOptions(new DrdWorkerInterceptor()))
        .setWorkerOptions(DrdWorkers.workerOptions(WorkerVersioningConfig.defaults()))
        .setDoNotStart(true)
        .build();
  }

  /** Writes a workflow's history to target/histories/, from where replay tests take their own. */
  /**
   * Registers the activities on the test's worker and on the queues of each kind of work beside it,
   * as the daemon does: for runbooks started by drd's launchers, which route their activities
   * there. Call before {@code env.start()}.
   */
  public static void activitiesOnEveryQueue(
      TestWorkflowEnvironment env, Worker worker, Object... activities) {
    worker.registerActivitiesImplementations(activities);
    for (WorkQueues.Kind kind : WorkQueues.Kind.values()) {
      env.newWorker(WorkQueues.queue(worker.getTaskQueue(), kind))
          .registerActivitiesImplementations(activities);
    }
  }

  public static void recordHistory(WorkflowClient client, String workflowId, String name)
      throws IOException {
    Path out = Path.of("target", "histories", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, client.fetchHistory(workflowId).toJson(true));
  }
}
