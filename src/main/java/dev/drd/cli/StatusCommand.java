package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.config.ConfigException;
import dev.drd.config.DrdConfig;
import dev.drd.runbook.RunKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a runbook's state: running (with the step in flight and its progress), completed"
          + " (with a summary of its result: sizes, durations, where it is) or failed (with what"
          + " failed and why). --json gives the raw result. With --targets: the recovery point of"
          + " every target.",
      "Exit code 0 while it runs or when it completed, 1 when it failed, 3 when a failover or"
          + " recovery waits for a person, 2 when there is no such workflow.",
      "",
      "Example: drd status backup/orders/manual --watch"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Parameters(
      arity = "0..1",
      paramLabel = "WORKFLOW_ID",
      description = "e.g. backup/sandbox/manual, drill/sandbox/manual")
  String workflowId;

  @Option(
      names = "--targets",
      description =
          "Instead of a workflow: every target's newest backup and newest verified (drilled)"
              + " backup, against its RPO objective. Exit code 1 when a target's newest verified"
              + " backup is older than its RPO, or it has none.")
  boolean targets;

  @Option(
      names = "--watch",
      description =
          "Follow it live on stderr until it ends (a failover or recovery: or until it waits for"
              + " a person, exit code 3), then show it.")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    if (targets) {
      return TargetsStatus.print(cfg, out, json.enabled);
    }
    if (workflowId == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "name a WORKFLOW_ID, or give --targets");
    }
    Optional<RunKind> kind = RunKind.of(workflowId);
    if (kind.isPresent() && kind.get().operated()) {
      // a failover's or recovery's steps, as drd failover|recover status shows them
      return RunbookStatusCommand.show(
          cfg,
          spec.root().subcommands().get(kind.get().prefix()).getCommandSpec(),
          workflowId,
          watch,
          json.enabled,
          spec.commandLine());
    }
    try (ClientSession session = ClientSession.open(cfg)) {
      if (watch) {
        follow(session, cfg);
      }
      DescribeWorkflowExecutionResponse description;
      try {
        description =
            session.describe(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          throw new ConfigException(
              "drd status",
              "there is no workflow %s in namespace %s"
                  .formatted(workflowId, cfg.temporal().namespace()));
        }
        throw e;
      }
      WorkflowExecutionInfo info = description.getWorkflowExecutionInfo();
      WorkflowExecutionStatus status = info.getStatus();
      ObjectNode doc =
          Json.object()
              .put("workflowId", workflowId)
              .put("runId", info.getExecution().getRunId())
              .put("type", info.getType().getName())
              .put("status", WorkflowWatch.statusName(status))
              .put("startTime", instant(info.getStartTime()).toString());
      if (info.hasCloseTime()) {
        doc.put("closeTime", instant(info.getCloseTime()).toString());
      }
      List<WorkflowWatch.Step> steps = WorkflowWatch.steps(description);
      doc.set("pending", Json.MAPPER.valueToTree(steps));
      WorkflowWatch.Outcome outcome =
          status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
              ? null
              : outcome(session, info.getExecution());
      if (outcome != null && outcome.succeeded()) {
        doc.set("result", outcome.result());
      } else if (outcome != null) {
        doc.set("failure", Json.toObject(outcome.failure()));
      }
      if (json.enabled) {
        Json.print(out, doc);
      } else {
        out.printf(
            "%s  %s  %s%n", workflowId, info.getType().getName(), doc.get("status").asText());
        out.printf("  started  %s%n", doc.get("startTime").asText());
        if (doc.has("closeTime")) {
          out.printf("  closed   %s%n", doc.get("closeTime").asText());
        }
        steps.forEach(s -> out.printf("  now      %s%n", s.describe()));
        if (outcome != null && outcome.succeeded()) {
          ResultSummary.printResult(kind, out, outcome.result());
        } else if (outcome != null) {
          ResultSummary.printFailure(kind, out, outcome.failure());
        }
        out.flush();
      }
      return outcome == null || outcome.succeeded() ? ExitCodes.OK : ExitCodes.RUNBOOK_FAILED;
    }
  }

  /** Shows a running workflow's progress on stderr until it closes. */
  private void follow(ClientSession session, DrdConfig cfg) {
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
    try {
      if (session.describe(execution).getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        WorkflowWatch.await(session, execution, spec.commandLine().getErr());
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      // said below, with the namespace
    }
  }

  private static WorkflowWatch.Outcome outcome(ClientSession session, WorkflowExecution execution)
      throws InterruptedException {
    WorkflowStub stub =
        session
            .client()
            .newUntypedWorkflowStub(
                execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty());
    try {
      return new WorkflowWatch.Outcome(
          "COMPLETED", stub.getResultAsync(JsonNode.class).get(10, TimeUnit.SECONDS), null);
    } catch (ExecutionException e) {
      return new WorkflowWatch.Outcome("FAILED", null, WorkflowWatch.summarize(e.getCause()));
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Temporal did not return the result of " + execution.getWorkflowId(), e);
    }
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
