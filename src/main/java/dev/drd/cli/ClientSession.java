package dev.drd.cli;

import dev.drd.config.DrdConfig;
import dev.drd.temporal.Executions;
import dev.drd.temporal.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import java.time.Duration;

/** A command's connection to Temporal. */
final class ClientSession implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private final DrdConfig config;
  private final TemporalConnection connection;

  private ClientSession(DrdConfig config, TemporalConnection connection) {
    this.config = config;
    this.connection = connection;
  }

  static ClientSession open(DrdConfig config) {
    return new ClientSession(
        config, TemporalConnection.connect(config.temporal(), null, CONNECT_TIMEOUT));
  }

  WorkflowClient client() {
    return connection.client();
  }

  DrdConfig config() {
    return config;
  }

  DescribeWorkflowExecutionResponse describe(WorkflowExecution execution) {
    return Executions.describe(connection.client(), execution.getWorkflowId());
  }

  @Override
  public void close() {
    connection.close();
  }
}
