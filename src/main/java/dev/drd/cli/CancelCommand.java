package dev.drd.cli;

import dev.drd.config.DrdConfig;
import dev.drd.runbook.RunKind;
import dev.drd.temporal.Executions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a backup, restore, drill, base backup or point-in-time restore: it stops, and"
          + " removes what it left (a partial dump, a scratch database, a temporary cluster).",
      "A failover or a corruption recovery is not cancelled but aborted (drd failover abort, drd"
          + " recover abort), which says what it undid and what is left.",
      "",
      "Example:  drd cancel backup/orders/manual --reason 'wrong target'"
    })
final class CancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Parameters(paramLabel = "WORKFLOW_ID", description = "The runbook, as drd runs lists it.")
  String workflowId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for its history.")
  String reason;

  @Override
  public Integer call() {
    RunKind kind =
        RunKind.of(workflowId)
            .orElseThrow(() ->
                new CommandRefused(
                    "%s is not a drd runbook; drd runs lists them".formatted(workflowId)));
    if (kind == RunKind.ARCHIVE) {
      throw new CommandRefused(
          ("%s is an archiver: the daemons start it again within a minute. It ends when its target"
                  + " has no archive: in the config")
              .formatted(workflowId));
    }
    if (!kind.cancellable()) {
      throw new CommandRefused(
          ("%s is a %s: abort it with drd %s abort %s, which undoes what it can and says what is"
                  + " left")
              .formatted(workflowId, kind.prefix(), kind.prefix(), workflowId));
    }
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    try (ClientSession session = ClientSession.open(cfg)) {
      WorkflowExecutionStatus status;
      try {
        status =
            Executions.describe(session.client(), workflowId)
                .getWorkflowExecutionInfo()
                .getStatus();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          throw new CommandRefused(
              "there is no runbook %s; drd runs lists them".formatted(workflowId));
        }
        throw e;
      }
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw new CommandRefused(
            "%s is not running (%s): there is nothing to cancel"
                .formatted(workflowId, WorkflowWatch.statusName(status)));
      }
      session
          .client()
          .getWorkflowServiceStubs()
          .blockingStub()
          .requestCancelWorkflowExecution(
              RequestCancelWorkflowExecutionRequest.newBuilder()
                  .setNamespace(cfg.temporal().namespace())
                  .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .setIdentity("drd cancel")
                  .setReason(reason == null ? "" : reason)
                  .build());
    }
    if (json.enabled) {
      Json.print(
          out,
          Json.object()
              .put("workflowId", workflowId)
              .put("cancelRequested", true)
              .put("next", "drd status " + workflowId));
    } else {
      out.printf(
          "asked %s to stop: it removes what it left and ends CANCELED. Follow it with: drd status"
              + " %s%n",
          workflowId, workflowId);
      out.flush();
    }
    return ExitCodes.OK;
  }
}
