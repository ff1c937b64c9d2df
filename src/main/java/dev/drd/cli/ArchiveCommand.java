package dev.drd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description =
        "The continuous WAL archive of the targets with archive: in the config (streamed through a"
            + " replication slot into the bucket by the daemons).",
    subcommands = {ArchiveStatusCommand.class, ArchiveBackupCommand.class})
final class ArchiveCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name an archive command: status or backup");
  }
}
