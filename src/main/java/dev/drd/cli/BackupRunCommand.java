package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupResult;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Back up a target now: pg_dump streamed through zstd and SHA-256 into the bucket, then a"
          + " manifest (tables, row counts, LSN), then retention.",
      "The daemon (drd serve) runs it; one backup by hand per target runs at a time, a second"
          + " start follows the running one."
    })
final class BackupRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin TargetOption target;

  @Option(
      names = "--wait",
      description = "Wait until the backup is done, showing progress on stderr.")
  boolean await;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    try (ClientSession session = ClientSession.open(cfg)) {
      WorkflowExecution execution;
      try {
        execution = new BackupLauncher(session.client(), cfg.temporal().taskQueue()).startManual(t);
        err.printf("started backup %s%n", execution.getWorkflowId());
      } catch (WorkflowExecutionAlreadyStarted e) {
        execution = e.getExecution();
        err.printf(
            "a backup of %s by hand is already running; following it: %s%n",
            t.name(), execution.getWorkflowId());
      }
      err.flush();
      if (!await) {
        if (json.enabled) {
          ObjectNode doc =
              Json.object()
                  .put("workflowId", execution.getWorkflowId())
                  .put("runId", execution.getRunId())
                  .put("status", "RUNNING");
          Json.print(out, doc);
        } else {
          out.println(execution.getWorkflowId());
          err.printf("follow it with: drd status %s%n", execution.getWorkflowId());
        }
        return ExitCodes.OK;
      }
      WorkflowWatch.Outcome outcome = WorkflowWatch.await(session, execution, err);
      if (json.enabled) {
        ObjectNode doc =
            Json.object()
                .put("workflowId", execution.getWorkflowId())
                .put("runId", execution.getRunId())
                .put("status", outcome.status());
        if (outcome.succeeded()) {
          doc.setAll((ObjectNode) outcome.result());
        } else {
          doc.set("failure", Json.toObject(outcome.failure()));
        }
        Json.print(out, doc);
      }
      if (!outcome.succeeded()) {
        err.printf(
            "drd: backup %s %s: [%s] %s%n",
            execution.getWorkflowId(),
            outcome.status().toLowerCase(),
            outcome.failure().type(),
            outcome.failure().message());
        return ExitCodes.RUNBOOK_FAILED;
      }
      if (!json.enabled) {
        printSummary(out, Json.convert(outcome.result(), BackupResult.class));
      }
      return ExitCodes.OK;
    }
  }

  private static void printSummary(PrintWriter out, BackupResult r) {
    out.printf(
        """
        backup of %s completed in %s
          key        %s
          manifest   %s
          size       %s zstd (%s dumped)
          sha256     %s
          contents   %d tables, %,d rows, at LSN %s
        """,
        r.target(),
        Durations.format(Duration.between(r.startedAt(), r.finishedAt())),
        r.key(),
        r.manifestKey(),
        DataSize.format(r.bytes()),
        DataSize.format(r.dumpBytes()),
        r.sha256(),
        r.tables(),
        r.rows(),
        r.lsn());
    if (r.retention() != null) {
      out.printf(
          "  retention  kept %d, deleted %d older and %d incomplete%n",
          r.retention().kept(),
          r.retention().deleted().size(),
          r.retention().incompleteDeleted().size());
    } else {
      out.printf("  retention  FAILED: %s (the backup itself is complete)%n", r.retentionError());
    }
    out.flush();
  }
}
