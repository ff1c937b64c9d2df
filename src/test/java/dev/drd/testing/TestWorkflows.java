package dev.drd.testing;

import dev.drd.config.WorkerVersioningConfig;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowExtension;
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
  public static void recordHistory(WorkflowClient client, String workflowId, String name)
      throws IOException {
    Path out = Path.of("target", "histories", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, client.fetchHistory(workflowId).toJson(true));
  }
}
