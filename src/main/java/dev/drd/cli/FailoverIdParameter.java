package dev.drd.cli;

import picocli.CommandLine.Parameters;

/** The failover a command acts on; {@code us-east-to-eu-west} is short for its workflow id. */
final class FailoverIdParameter {
  @Parameters(
      paramLabel = "ID",
      description = "The failover, e.g. failover/us-east-to-eu-west or us-east-to-eu-west.")
  String id;

  String workflowId() {
    return RunbookClient.workflowId(FailoverCommand.RUNBOOK, id);
  }
}
