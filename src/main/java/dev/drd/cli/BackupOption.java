package dev.drd.cli;

import dev.drd.restore.RestoreRequest;
import picocli.CommandLine.Option;

/** {@code --backup KEY|latest}: which of a target's backups. */
final class BackupOption {
  @Option(
      names = "--backup",
      paramLabel = "KEY|latest",
      defaultValue = RestoreRequest.LATEST,
      description =
          "The backup: 'latest' (default), a dump's key or its stamp, as drd backup list shows.")
  String backup;
}
