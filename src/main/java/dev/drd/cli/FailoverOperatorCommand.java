package dev.drd.cli;

import dev.drd.runbook.RunbookProgress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the operator's commands share (approve, retry, skip, abort): the failover's id, and --wait
 * to follow the failover afterwards.
 */
abstract class FailoverOperatorCommand {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin FailoverIdParameter failover;

  @Option(
      names = "--wait",
      description = "Then follow the failover until it ends or waits for someone again.")
  boolean await;

  /**
   * Sends the update (refused, exit 2, when the failover is not waiting for it), then follows the
   * failover with --wait.
   *
   * @param what e.g. "approve", for a refusal's message
   * @param done e.g. "approved by bob", said when it was accepted
   * @param update the workflow's update: {@code approve} or {@code decide}
   */
  int send(String what, String done, String update, Object argument) {
    String workflowId = failover.workflowId();
    PrintWriter err = spec.commandLine().getErr();
    try (RunbookClient client =
        RunbookClient.open(config.load().config(), FailoverCommand.RUNBOOK)) {
      RunbookProgress before = client.update(workflowId, what, update, argument);
      err.printf("%s: %s%n", workflowId, done);
      err.flush();
      if (!await) {
        return ExitCodes.OK;
      }
      AtomicBoolean moved = new AtomicBoolean();
      RunbookProgress p =
          new RunbookWatch(client, err, before)
              .follow(
                  workflowId,
                  now -> {
                    boolean waiting = RunbookReport.nextMove(now) != null;
                    moved.compareAndSet(false, !waiting);
                    return waiting && moved.get();
                  });
      return RunbookReport.print(spec.commandLine().getOut(), json.enabled, p, client.timings(p));
    }
  }
}
