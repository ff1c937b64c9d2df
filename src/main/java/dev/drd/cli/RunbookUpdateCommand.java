package dev.drd.cli;

import dev.drd.runbook.RunbookProgress;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An operator's command that sends a running runbook an update (approve, retry, skip, abort), under
 * {@code failover} and {@code recover} alike: the runbook's id, and --wait to follow it.
 */
abstract class RunbookUpdateCommand {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin RunbookIdParameter runbook;

  @Option(
      names = "--wait",
      description =
          "Then follow the runbook until it ends (exit code 0 or 1) or waits for a person again"
              + " (exit code 3, with the commands that answer it).")
  boolean await;

  /**
   * Sends the update (refused, exit 2, when the runbook is not waiting for it), then follows the
   * runbook with --wait.
   *
   * @param what e.g. "approve", for a refusal's message
   * @param done e.g. "approved by bob", said when it was accepted
   * @param update the workflow's update: {@code approve} or {@code decide}
   */
  int send(String what, String done, String update, Object argument) {
    String workflowId = runbook.workflowId();
    PrintWriter err = spec.commandLine().getErr();
    try (RunbookClient client =
        RunbookClient.open(config.load().config(), runbook.runbookCommand())) {
      RunbookProgress before = client.update(workflowId, what, update, argument);
      err.printf("%s: %s%n", workflowId, done);
      err.flush();
      if (!await) {
        if (json.enabled) {
          Json.print(spec.commandLine().getOut(), Json.MAPPER.valueToTree(before));
        }
        return ExitCodes.OK;
      }
      Optional<String> answered = PersonTurn.key(before);
      RunbookProgress p =
          new RunbookWatch(client, err, before)
              .follow(
                  workflowId,
                  now ->
                      PersonTurn.key(now)
                          .filter(turn -> !answered.equals(Optional.of(turn)))
                          .isPresent());
      return RunbookReport.print(spec.commandLine().getOut(), json.enabled, p, client.timings(p));
    }
  }
}
