package dev.drd.cli;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverRunbook;
import dev.drd.failover.FailoverRunbookLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runbook FILE} of the failover commands, loaded and checked against the config. */
final class FailoverRunbookOption {
  @Option(
      names = "--runbook",
      required = true,
      paramLabel = "FILE",
      description = "The failover runbook, e.g. runbooks/failover-us-east-to-eu-west.yaml.")
  Path file;

  /**
   * @throws dev.drd.config.ConfigException naming file, key and problem (exit code 2)
   */
  FailoverRunbook load(DrdConfig config) {
    return new FailoverRunbookLoader(ConfigLoader.fromEnvironment(), config)
        .load(ConfigSource.file(file));
  }
}
