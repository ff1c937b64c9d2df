package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.runbook.RunKind;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "What runs and what ran: every runbook, newest first, with its state, start, duration and"
          + " who started it (by hand, the schedule, or the daemons).",
      "",
      "Example:  drd runs --running",
      "Example:  drd runs --kind backup --limit 5 --json"
    })
final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Option(names = "--running", description = "Only what runs now.")
  boolean running;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description =
          "Only runbooks of this kind: backup, restore, drill, base-backup, pitr, failover,"
              + " recover or archive.")
  String kind;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most this many, newest first (default 20).")
  int limit;

  /** One run, as listed. */
  record Run(
      String workflowId,
      String kind,
      String type,
      String state,
      String startedBy,
      Instant startedAt,
      Instant closedAt,
      Double seconds) {}

  @Override
  public Integer call() {
    Optional<RunKind> only = kind == null ? Optional.empty() : RunKind.named(kind);
    if (kind != null && only.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kind %s: one of %s".formatted(kind, RunKind.names()));
    }
    if (limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit: at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    List<Run> runs;
    try (ClientSession session = ClientSession.open(cfg)) {
      runs = list(session, cfg.temporal().namespace());
    }
    runs =
        runs.stream()
            .filter(r -> only.isEmpty() || only.get().prefix().equals(r.kind()))
            .sorted(Comparator.comparing(Run::startedAt).reversed())
            .limit(limit)
            .toList();
    if (json.enabled) {
      ArrayNode list = Json.object().putArray("runs");
      runs.forEach(r -> list.add(Json.toObject(r)));
      Json.print(out, Json.object().set("runs", list));
      return ExitCodes.OK;
    }
    if (runs.isEmpty()) {
      out.println(running ? "nothing runs now" : "no runbook has run yet");
    }
    for (Run r : runs) {
      out.printf(
          "%-10s  %-20s  %-9s  %-8s  %s  %s%n",
          r.state(),
          r.startedAt(),
          r.seconds() == null
              ? "running"
              : Durations.format(Duration.ofMillis((long) (r.seconds() * 1000))),
          r.startedBy(),
          r.workflowId(),
          r.type());
    }
    out.flush();
    return ExitCodes.OK;
  }

  private List<Run> list(ClientSession session, String namespace) {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub =
        session.client().getWorkflowServiceStubs().blockingStub();
    List<WorkflowExecutionInfo> infos =
        new ArrayList<>(
            stub.listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(1000)
                        .build())
                .getExecutionsList());
    if (!running) {
      infos.addAll(
          stub.listClosedWorkflowExecutions(
                  ListClosedWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setMaximumPageSize(1000)
                      .build())
              .getExecutionsList());
    }
    return infos.stream()
        .filter(i -> RunKind.of(i.getExecution().getWorkflowId()).isPresent())
        .map(RunsCommand::run)
        .toList();
  }

  private static Run run(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    Instant started = instant(info.getStartTime());
    Instant closed = info.hasCloseTime() ? instant(info.getCloseTime()) : null;
    return new Run(
        id,
        RunKind.of(id).orElseThrow().prefix(),
        info.getType().getName(),
        WorkflowWatch.statusName(info.getStatus()),
        RunKind.origin(id),
        started,
        closed,
        closed == null ? null : Duration.between(started, closed).toMillis() / 1000.0);
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
