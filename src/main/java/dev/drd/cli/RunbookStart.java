package dev.drd.cli;

import dev.drd.config.DrdConfig;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the start commands of the runbooks an operator drives share (failover, recover): --yes, --by
 * and --wait, and starting one. A second start while one runs is refused; the first is followed
 * through its preflight, then the command returns once the runbook waits for approval or runs, or
 * with --wait follows it to its end.
 */
final class RunbookStart {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = {"-y", "--yes"},
      description =
          "Approve now: no waiting for drd ${PARENT-COMMAND-NAME} approve (recorded as --yes).")
  boolean yes;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who starts it, for the record (default: the login name).")
  String by = System.getProperty("user.name");

  @Option(
      names = "--wait",
      description =
          "Follow it on stderr to its end, or until it waits for a person: then exit code 3,"
              + " with the commands that answer it.")
  boolean await;

  /**
   * @param what e.g. "failover us-east → eu-west", for the message that it started
   * @param launcher starts the workflow; throws {@link WorkflowExecutionAlreadyStarted} while one
   *     with its id runs
   * @return the exit code: 1 when, followed to its end, it failed or was aborted; 3 when, with
   *     --wait, it waits for a person (an approval, a decision on a failed step)
   */
  int start(
      DrdConfig config,
      boolean json,
      String what,
      Function<WorkflowClient, WorkflowExecution> launcher) {
    String runbook = command.parent().name();
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    try (RunbookClient client = RunbookClient.open(config, command.parent())) {
      String id;
      try {
        id = launcher.apply(client.session().client()).getWorkflowId();
      } catch (WorkflowExecutionAlreadyStarted e) {
        throw client.alreadyRunning(e);
      }
      err.printf("started %s (%s) by %s%n", what, id, by);
      err.flush();
      RunbookProgress p =
          new RunbookWatch(client, err, null)
              .follow(
                  id,
                  now ->
                      await
                          ? PersonTurn.of(now).isPresent()
                          : now.state() != RunbookStatus.PREFLIGHT);
      if (!p.finished() && !await) {
        if (json) {
          Json.print(out, Json.MAPPER.valueToTree(p));
        } else {
          out.println(id);
          out.flush();
          err.printf("follow it with: drd %s status %s --watch%n", runbook, id);
          err.flush();
        }
        return ExitCodes.OK;
      }
      return RunbookReport.print(out, json, p, client.timings(p));
    }
  }
}
