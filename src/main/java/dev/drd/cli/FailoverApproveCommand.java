package dev.drd.cli;

import dev.drd.runbook.ApprovalRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve a failover that waits for it; the failover then changes things. Who and why are"
          + " recorded in its history and shown by drd failover status.",
      "Exit code 2 when the failover is not waiting for approval (nothing is changed)."
    })
final class FailoverApproveCommand extends FailoverOperatorCommand implements Callable<Integer> {
  @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who approves.")
  String by;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, e.g. the incident: \"us-east down, INC-4711\".")
  String reason;

  @Override
  public Integer call() {
    return send(
        "approve",
        "approved by %s; the failover goes on".formatted(by),
        "approve",
        new ApprovalRequest(by, reason));
  }
}
