package dev.drd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Database corruption: stop the services, keep the corrupt database, restore the backup in"
            + " its place, verify, start the services again.",
    subcommands = {
      RecoverPlanCommand.class,
      RecoverStartCommand.class,
      RunbookStatusCommand.class,
      RunbookApproveCommand.class,
      RunbookDecisionCommand.Retry.class,
      RunbookDecisionCommand.Skip.class,
      RunbookDecisionCommand.Abort.class
    })
final class RecoverCommand implements Runnable, OperatorRunbookGroup {
  @Spec CommandSpec spec;

  @Override
  public String noun() {
    return "recovery";
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a recover command: plan, start, status, approve, retry, skip, abort");
  }
}
