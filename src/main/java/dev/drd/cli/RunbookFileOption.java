package dev.drd.cli;

import dev.drd.config.ConfigSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runbook FILE} of the commands that run a runbook file (failover, recover). */
final class RunbookFileOption {
  @Option(
      names = "--runbook",
      required = true,
      paramLabel = "FILE",
      description =
          "The runbook file, e.g. runbooks/failover-us-east-to-eu-west.yaml or"
              + " runbooks/recover-dev.yaml.")
  Path file;

  ConfigSource source() {
    return ConfigSource.file(file);
  }
}
