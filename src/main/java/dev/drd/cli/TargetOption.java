package dev.drd.cli;

import picocli.CommandLine.Option;

/** {@code --target NAME}: a target of the config, by its name. */
final class TargetOption {
  @Option(
      names = "--target",
      required = true,
      paramLabel = "NAME",
      description = "The target, by its name in the config.")
  String name;
}
