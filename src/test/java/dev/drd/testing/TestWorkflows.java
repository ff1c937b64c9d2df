package dev.drd.testing;

import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import io.temporal.testing.TestWorkflowExtension;

/** A workflow test environment whose worker runs as the daemon's does; started by the test. */
public final class TestWorkflows {
  private TestWorkflows() {}

  public static TestWorkflowExtension extension(Class<?>... workflowTypes) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(workflowTypes)
        .setWorkerFactoryOptions(DrdWorkers.factoryOptions(new DrdWorkerInterceptor()))
        .setWorkerOptions(DrdWorkers.workerOptions())
        .setDoNotStart(true)
        .build();
  }
}
