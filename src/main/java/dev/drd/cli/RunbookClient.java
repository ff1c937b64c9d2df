package dev.drd.cli;

import dev.drd.config.DrdConfig;
import dev.drd.runbook.RunbookProgress;
import dev.drd.temporal.Failures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The operator's handle on a runbook they drive (a failover, a corruption recovery): read its
 * progress, send approvals and decisions. Whatever Temporal refuses comes back as a {@link
 * CommandRefused} that says why and what to do.
 */
final class RunbookClient implements AutoCloseable {
  private final ClientSession session;
  private final String runbook;
  private final String noun;

  /**
   * @param runbook the CLI's name for it and its workflow ids' first part: {@code failover}, {@code
   *     recover}
   * @param noun what people call one: a failover, a recovery
   */
  private RunbookClient(ClientSession session, String runbook, String noun) {
    this.session = session;
    this.runbook = runbook;
    this.noun = noun;
  }

  /**
   * @param runbookCommand the command whose subcommand runs: {@code failover}, {@code recover}
   */
  static RunbookClient open(DrdConfig config, CommandSpec runbookCommand) {
    return new RunbookClient(
        ClientSession.open(config),
        runbookCommand.name(),
        ((OperatorRunbookGroup) runbookCommand.userObject()).noun());
  }

  /**
   * {@code us-east-to-eu-west} is short for {@code failover/us-east-to-eu-west}, {@code temporal}
   * for {@code recover/temporal}.
   */
  static String workflowId(String runbook, String given) {
    return given.startsWith(runbook + "/") ? given : runbook + "/" + given;
  }

  ClientSession session() {
    return session;
  }

  /** The refusal of a second start, naming the one that runs. */
  CommandRefused alreadyRunning(WorkflowExecutionAlreadyStarted e) {
    String id = e.getExecution().getWorkflowId();
    String which;
    try {
      RunbookProgress running = progress(id);
      which =
          "a %s %s is already running: %s, %s since %s"
              .formatted(noun, running.subject(), id, running.state(), running.startedAt());
    } catch (CommandRefused noAnswer) {
      which = "a %s is already running: %s (its progress is unreadable now)".formatted(noun, id);
    }
    return new CommandRefused(
        "%s. Nothing was started. Follow it with: drd %s status %s --watch; stop it with: drd %s abort %s"
            .formatted(which, runbook, id, runbook, id));
  }

  /**
   * A running runbook's progress comes from its query, which a daemon answers; a finished one's
   * from its result or failure in the history, so that it reads without any daemon running.
   */
  RunbookProgress progress(String workflowId) {
    WorkflowExecutionStatus status = describe(workflowId).getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      Optional<RunbookProgress> last = outcome(workflowId);
      if (last.isPresent()) {
        return last.get();
      }
    }
    try {
      return stub(workflowId).query("progress", RunbookProgress.class);
    } catch (WorkflowException e) {
      throw new CommandRefused(
          "could not read the progress of %s: %s. Is a drd daemon (drd serve) polling task queue '%s'?"
              .formatted(
                  workflowId, Failures.rootMessage(e), session.config().temporal().taskQueue()));
    }
  }

  /**
   * Sends an operator's update; the workflow's validator refuses one that does not fit its state.
   *
   * @param what e.g. "approve", for the message
   * @param update the update's name: {@code approve} or {@code decide}
   */
  RunbookProgress update(String workflowId, String what, String update, Object argument) {
    refuseIfEnded(workflowId, what);
    try {
      return stub(workflowId).update(update, RunbookProgress.class, argument);
    } catch (WorkflowUpdateException e) {
      throw new CommandRefused(
          "cannot %s %s: %s. See drd %s status %s"
              .formatted(what, workflowId, Failures.rootMessage(e), runbook, workflowId));
    } catch (WorkflowException | StatusRuntimeException e) {
      // The runbook may end between the check and the update; Temporal then answers "update not
      // found", which says nothing to a person.
      refuseIfEnded(workflowId, what);
      throw new CommandRefused(
          "cannot %s %s: %s. See drd %s status %s"
              .formatted(what, workflowId, Failures.rootMessage(e), runbook, workflowId));
    }
  }

  private void refuseIfEnded(String workflowId, String what) {
    WorkflowExecutionStatus status = describe(workflowId).getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new CommandRefused(
          "cannot %s %s: the %s has ended (%s), there is nothing left to decide. See what it did with: drd %s status %s"
              .formatted(
                  what,
                  workflowId,
                  noun,
                  WorkflowWatch.statusName(status).toLowerCase(Locale.ROOT),
                  runbook,
                  workflowId));
    }
  }

  /** Completes (normally, whatever the outcome) as soon as the runbook closes. */
  CompletableFuture<Void> closing(String workflowId) {
    return stub(workflowId).getResultAsync(RunbookProgress.class).handle((result, failure) -> null);
  }

  /** Where a finished runbook's time went; null while it runs. */
  RunbookTimings timings(RunbookProgress p) {
    if (!p.finished()) {
      return null;
    }
    return RunbookTimings.of(session.client().fetchHistory(p.workflowId()), p.waitedForPeople());
  }

  private WorkflowStub stub(String workflowId) {
    return session.client().newUntypedWorkflowStub(workflowId);
  }

  private Optional<RunbookProgress> outcome(String workflowId) {
    try {
      return Optional.of(stub(workflowId).getResult(RunbookProgress.class));
    } catch (WorkflowFailedException e) {
      return Failures.application(e)
          .filter(failure -> failure.getDetails().getSize() > 0)
          .map(failure -> failure.getDetails().get(RunbookProgress.class));
    }
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    try {
      return session.describe(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new CommandRefused(
            "there is no %s %s in namespace %s: check the id (drd %s start printed it)"
                .formatted(noun, workflowId, session.config().temporal().namespace(), runbook));
      }
      throw e;
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
