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
          "The ${PARENT-COMMAND-NAME} runbook file, e.g. runbooks/${PARENT-COMMAND-NAME}-dev.yaml.")
  Path file;

  ConfigSource source() {
    return ConfigSource.file(file);
  }
}
