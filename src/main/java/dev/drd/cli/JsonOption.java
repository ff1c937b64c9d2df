package dev.drd.cli;

import picocli.CommandLine.Option;

final class JsonOption {
  @Option(
      names = "--json",
      description = "Print one JSON document on stdout (progress still goes to stderr).")
  boolean enabled;
}
