package dev.drd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = "Run backups by hand, list the backups a target has, and verify one.",
    subcommands = {BackupRunCommand.class, BackupListCommand.class, BackupVerifyCommand.class})
final class BackupCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a backup command: run, list or verify");
  }
}
