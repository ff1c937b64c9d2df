package dev.drd.restore;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.temporal.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.util.Optional;

/**
 * Starts restores as {@code restore/<server>/<database>}: one restore into a database at a time.
 */
public final class RestoreLauncher {
  private final WorkflowClient client;
  private final String taskQueue;

  public RestoreLauncher(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  public static String workflowId(String server, String database) {
    return "restore/%s/%s".formatted(server, database);
  }

  /**
   * @throws WorkflowExecutionAlreadyStarted while the same restore into this database runs: the
   *     caller follows it
   * @throws DrdException {@code RESTORE_CONFLICT} while a restore with other parameters (another
   *     backup, other options) runs into this database: this one is not started
   */
  public WorkflowExecution start(RestoreRequest request) {
    RestoreWorkflow workflow =
        client.newWorkflowStub(
            RestoreWorkflow.class,
            RunbookLauncher.options(
                workflowId(request.server(), request.database()),
                taskQueue,
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE));
    try {
      return WorkflowClient.start(workflow::run, request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      HistoryEvent started = startOf(e.getExecution());
      String type =
          started.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
      if (!type.equals(RestoreWorkflow.class.getSimpleName())) {
        throw new DrdException(
            FailureType.RESTORE_CONFLICT,
            ("another runbook writes into %s: %s (%s); this restore was not started. Wait for it"
                    + " (drd status %s) or cancel it, then start yours")
                .formatted(
                    request.database(),
                    e.getExecution().getWorkflowId(),
                    type,
                    e.getExecution().getWorkflowId()));
      }
      RestoreRequest running = requestOf(started);
      if (!request.equals(running)) {
        throw new DrdException(
            FailureType.RESTORE_CONFLICT,
            ("another restore into %s runs (%s: backup %s of %s%s); this one (backup %s%s) was not"
                    + " started. Wait for it (drd status %s) or cancel it, then start yours")
                .formatted(
                    request.database(),
                    e.getExecution().getWorkflowId(),
                    running.backup(),
                    running.target(),
                    running.replace() ? ", replacing" : "",
                    request.backup(),
                    running.equals(withBackup(request, running.backup())) ? "" : ", other options",
                    e.getExecution().getWorkflowId()));
      }
      throw e;
    }
  }

  private HistoryEvent startOf(WorkflowExecution execution) {
    return client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getEvents().get(0);
  }

  /** What the running restore was asked to do: the input of its start event. */
  private RestoreRequest requestOf(HistoryEvent started) {
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(
            0,
            Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
            RestoreRequest.class,
            RestoreRequest.class);
  }

  private static RestoreRequest withBackup(RestoreRequest r, String backup) {
    return new RestoreRequest(
        r.target(),
        backup,
        r.server(),
        r.database(),
        r.jobs(),
        r.replace(),
        r.noOwner(),
        r.assertions());
  }
}
