package dev.drd.cli;

import dev.drd.runbook.ApprovalRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approve a runbook that drd ${PARENT-COMMAND-NAME} start started and that waits for it; it"
          + " then changes things. Who and why are recorded in its history and shown by"
          + " drd ${PARENT-COMMAND-NAME} status.",
      "Exit code 2 when the runbook is not waiting for approval (nothing is changed).",
      "",
      "Example: drd ${PARENT-COMMAND-NAME} approve ID --by alice --reason INC-4711 --wait"
    })
final class RunbookApproveCommand extends RunbookUpdateCommand implements Callable<Integer> {
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
        "approved by %s; the runbook goes on".formatted(by),
        "approve",
        new ApprovalRequest(by, reason));
  }
}
