package dev.drd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    description = "Regional failover: promote the DR replica, switch DNS, move the services.",
    subcommands = {
      FailoverPlanCommand.class,
      FailoverStartCommand.class,
      RunbookStatusCommand.class,
      RunbookApproveCommand.class,
      RunbookDecisionCommand.Retry.class,
      RunbookDecisionCommand.Skip.class,
      RunbookDecisionCommand.Abort.class
    })
final class FailoverCommand implements Runnable, OperatorRunbookGroup {
  @Spec CommandSpec spec;

  @Override
  public String noun() {
    return "failover";
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a failover command: plan, start, status, approve, retry, skip, abort");
  }
}
