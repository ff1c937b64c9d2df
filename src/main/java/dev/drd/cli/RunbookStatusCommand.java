package dev.drd.cli;

import dev.drd.config.DrdConfig;
import dev.drd.runbook.RunbookProgress;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a runbook that drd ${PARENT-COMMAND-NAME} start started, step by step: state, start,"
          + " duration, what each step did or why it failed, and what the operator can do next."
          + " Once it has ended: what it measured (a recovery's RTO and data loss window) and where"
          + " its time went (steps, waiting for people, orchestration).",
      "Exit code 0 while it runs or when it completed, 1 when it failed or was aborted, 3 while"
          + " it waits for a person (an approval, a decision on a failed step), 2 when there is no"
          + " such runbook.",
      "",
      "Example: drd ${PARENT-COMMAND-NAME} status ID --watch"
    })
final class RunbookStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin RunbookIdParameter runbook;

  @Option(
      names = "--watch",
      description = "Follow it live until it ends or waits for a person (then exit code 3).")
  boolean watch;

  @Override
  public Integer call() {
    return show(
        config.load().config(),
        runbook.runbookCommand(),
        runbook.workflowId(),
        watch,
        json.enabled,
        spec.commandLine());
  }

  /**
   * Prints where a failover or recovery stands; with {@code watch}, follows it first until it ends
   * or waits for a person.
   *
   * @param runbookCommand {@code failover} or {@code recover}
   */
  static int show(
      DrdConfig config,
      CommandSpec runbookCommand,
      String workflowId,
      boolean watch,
      boolean json,
      CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    try (RunbookClient client = RunbookClient.open(config, runbookCommand)) {
      RunbookProgress p = client.progress(workflowId);
      if (watch && !p.finished() && PersonTurn.of(p).isEmpty()) {
        RunbookReport.table(err, p, null);
        p =
            new RunbookWatch(client, err, p)
                .follow(workflowId, now -> PersonTurn.of(now).isPresent());
      } else if (!json && RunbookReport.nextMove(p) != null) {
        err.println(RunbookReport.nextMove(p));
        err.flush();
      }
      return RunbookReport.print(commandLine.getOut(), json, p, client.timings(p));
    }
  }
}
