package dev.drd.cli;

import dev.drd.failover.FailoverProgress;
import dev.drd.failover.FailoverWorkflow;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
   */
  int send(String what, String done, Function<FailoverWorkflow, FailoverProgress> update) {
    String workflowId = failover.workflowId();
    PrintWriter err = spec.commandLine().getErr();
    try (FailoverClient client = FailoverClient.open(config.load().config())) {
      FailoverProgress before = client.update(workflowId, what, update);
      err.printf("%s: %s%n", workflowId, done);
      err.flush();
      if (!await) {
        return ExitCodes.OK;
      }
      AtomicBoolean moved = new AtomicBoolean();
      FailoverProgress p =
          new FailoverWatch(client, err, before)
              .follow(
                  workflowId,
                  now -> {
                    boolean waiting = FailoverReport.nextMove(now) != null;
                    moved.compareAndSet(false, !waiting);
                    return waiting && moved.get();
                  });
      return FailoverReport.print(spec.commandLine().getOut(), json.enabled, p, client.timings(p));
    }
  }
}
