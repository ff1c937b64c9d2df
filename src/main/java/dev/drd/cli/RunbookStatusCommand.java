package dev.drd.cli;

import dev.drd.runbook.RunbookProgress;
import java.util.concurrent.Callable;
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
          + " such runbook."
    })
final class RunbookStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin RunbookIdParameter runbook;

  @Option(names = "--watch", description = "Follow it live until it ends.")
  boolean watch;

  @Override
  public Integer call() {
    String workflowId = runbook.workflowId();
    try (RunbookClient client =
        RunbookClient.open(config.load().config(), runbook.runbookCommand())) {
      RunbookProgress p = client.progress(workflowId);
      if (watch && !p.finished()) {
        RunbookReport.table(spec.commandLine().getErr(), p, null);
        p =
            new RunbookWatch(client, spec.commandLine().getErr(), p)
                .follow(workflowId, now -> false);
      } else if (!json.enabled && RunbookReport.nextMove(p) != null) {
        spec.commandLine().getErr().println(RunbookReport.nextMove(p));
        spec.commandLine().getErr().flush();
      }
      return RunbookReport.print(spec.commandLine().getOut(), json.enabled, p, client.timings(p));
    }
  }
}
