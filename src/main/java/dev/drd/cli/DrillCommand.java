package dev.drd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = "Restore drills: prove that the latest backup restores, and how fast.",
    subcommands = {DrillRunCommand.class})
final class DrillCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a drill command: run");
  }
}
