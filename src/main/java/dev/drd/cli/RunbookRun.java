package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.config.DrdConfig;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.io.PrintWriter;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code ... run} command does: start the runbook (or follow the one already running
 * under the same id), then either print its id or wait for it and print its result.
 */
final class RunbookRun {
  /** Prints a result (or a failure's details) for people. */
  interface Printer {
    void print(PrintWriter out, JsonNode document);
  }

  private final ClientSession session;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  private RunbookRun(ClientSession session, PrintWriter out, PrintWriter err, boolean json) {
    this.session = session;
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Connects to Temporal with the command's config and runs {@link #run}. */
  static int run(
      CommandSpec spec,
      DrdConfig config,
      boolean json,
      String what,
      Function<ClientSession, WorkflowExecution> start,
      boolean await,
      Printer onSuccess,
      Printer onFailure) {
    try (ClientSession session = ClientSession.open(config)) {
      return new RunbookRun(session, spec.commandLine().getOut(), spec.commandLine().getErr(), json)
          .run(what, () -> start.apply(session), await, onSuccess, onFailure);
    }
  }

  /**
   * @param what e.g. "backup of orders", for messages
   * @param onSuccess prints the result for people
   * @param onFailure prints a failure's details (e.g. a verification report) for people
   */
  int run(
      String what,
      Supplier<WorkflowExecution> start,
      boolean await,
      Printer onSuccess,
      Printer onFailure) {
    WorkflowExecution execution;
    String started;
    try {
      execution = start.get();
      started = "started %s (%s)".formatted(what, execution.getWorkflowId());
    } catch (WorkflowExecutionAlreadyStarted e) {
      execution = e.getExecution();
      started =
          "a %s is already running; following it: %s".formatted(what, execution.getWorkflowId());
    }
    // Ctrl-C from here on is answered: the line below is what a person waits on to press it
    try (StopWaitingNotice notice =
        await ? StopWaitingNotice.during(execution.getWorkflowId(), err) : null) {
      err.println(started);
      err.flush();
      return follow(what, execution, await, onSuccess, onFailure);
    }
  }

  private int follow(
      String what,
      WorkflowExecution execution,
      boolean await,
      Printer onSuccess,
      Printer onFailure) {
    ObjectNode doc =
        Json.object()
            .put("workflowId", execution.getWorkflowId())
            .put("runId", execution.getRunId());
    if (!await) {
      if (json) {
        Json.print(out, doc.put("status", "RUNNING"));
      } else {
        out.println(execution.getWorkflowId());
        out.flush();
        err.printf("follow it with: drd status %s%n", execution.getWorkflowId());
        err.flush();
      }
      return ExitCodes.OK;
    }
    WorkflowWatch.Outcome outcome = WorkflowWatch.await(session, execution, err);
    doc.put("status", outcome.status());
    if (outcome.succeeded()) {
      if (json) {
        doc.setAll((ObjectNode) outcome.result());
        Json.print(out, doc);
      } else {
        onSuccess.print(out, outcome.result());
        out.flush();
      }
      return ExitCodes.OK;
    }
    WorkflowWatch.FailureSummary failure = outcome.failure();
    if (json) {
      doc.set("failure", Json.toObject(failure));
      Json.print(out, doc);
    } else if (failure.details() != null) {
      onFailure.print(out, failure.details());
      out.flush();
    }
    err.printf(
        "drd: %s (%s) %s: [%s] %s%n",
        what,
        execution.getWorkflowId(),
        outcome.status().toLowerCase(),
        failure.type(),
        failure.message());
    err.flush();
    return ExitCodes.RUNBOOK_FAILED;
  }
}
