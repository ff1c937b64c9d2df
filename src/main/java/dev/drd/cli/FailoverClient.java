package dev.drd.cli;

import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverLauncher;
import dev.drd.failover.FailoverProgress;
import dev.drd.failover.FailoverRequest;
import dev.drd.failover.FailoverWorkflow;
import dev.drd.temporal.Failures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failover commands' handle on Temporal: start, read progress, send the operator's updates.
 * Whatever Temporal refuses comes back as a {@link CommandRefused} that says why and what to do.
 */
final class FailoverClient implements AutoCloseable {
  private static final String PREFIX = "failover/";

  private final ClientSession session;
  private final FailoverLauncher launcher;

  private FailoverClient(ClientSession session) {
    this.session = session;
    this.launcher = new FailoverLauncher(session.client(), session.config().temporal().taskQueue());
  }

  static FailoverClient open(DrdConfig config) {
    return new FailoverClient(ClientSession.open(config));
  }

  /** {@code us-east-to-eu-west} is short for {@code failover/us-east-to-eu-west}. */
  static String workflowId(String given) {
    return given.startsWith(PREFIX) ? given : PREFIX + given;
  }

  ClientSession session() {
    return session;
  }

  /**
   * @throws CommandRefused while a failover of the same region pair runs, naming it
   */
  String start(FailoverRequest request) {
    try {
      return launcher.start(request).getWorkflowId();
    } catch (WorkflowExecutionAlreadyStarted e) {
      String id = e.getExecution().getWorkflowId();
      FailoverProgress running = progress(id);
      throw new CommandRefused(
          ("a failover %s → %s is already running: %s, %s since %s. Nothing was started. Follow it"
                  + " with: drd failover status %s --watch; stop it with: drd failover abort %s")
              .formatted(
                  running.from(), running.to(), id, running.state(), running.startedAt(), id, id));
    }
  }

  /**
   * A running failover's progress comes from its query, which a daemon answers; a finished one's
   * from its result or failure in the history, so that it reads without any daemon running.
   */
  FailoverProgress progress(String workflowId) {
    WorkflowExecutionStatus status = describe(workflowId).getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      Optional<FailoverProgress> last = outcome(workflowId);
      if (last.isPresent()) {
        return last.get();
      }
    }
    try {
      return launcher.existing(workflowId).progress();
    } catch (WorkflowException e) {
      throw new CommandRefused(
          "could not read the progress of %s: %s. Is a drd daemon (drd serve) polling task queue '%s'?"
              .formatted(
                  workflowId, Failures.rootMessage(e), session.config().temporal().taskQueue()));
    }
  }

  private Optional<FailoverProgress> outcome(String workflowId) {
    try {
      return Optional.of(
          session.client().newUntypedWorkflowStub(workflowId).getResult(FailoverProgress.class));
    } catch (WorkflowFailedException e) {
      return Failures.application(e)
          .filter(failure -> failure.getDetails().getSize() > 0)
          .map(failure -> failure.getDetails().get(FailoverProgress.class));
    }
  }

  /** Where a finished failover's time went; null while it runs. */
  FailoverTimings timings(FailoverProgress p) {
    if (!p.finished()) {
      return null;
    }
    return FailoverTimings.of(session.client().fetchHistory(p.workflowId()), p.waitedForPeople());
  }

  /**
   * Sends an operator's update; the workflow's validator refuses one that does not fit its state.
   *
   * @param what e.g. "approve", for the message
   */
  FailoverProgress update(
      String workflowId, String what, Function<FailoverWorkflow, FailoverProgress> update) {
    describe(workflowId);
    try {
      return update.apply(launcher.existing(workflowId));
    } catch (WorkflowUpdateException e) {
      throw new CommandRefused(
          "cannot %s %s: %s. See drd failover status %s"
              .formatted(what, workflowId, Failures.rootMessage(e), workflowId));
    } catch (WorkflowException e) {
      throw new CommandRefused(
          "cannot %s %s: %s".formatted(what, workflowId, Failures.rootMessage(e)));
    }
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    try {
      return session.describe(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new CommandRefused(
            "there is no failover %s in namespace %s; failovers are named failover/<from>-to-<to>"
                .formatted(workflowId, session.config().temporal().namespace()));
      }
      throw e;
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
