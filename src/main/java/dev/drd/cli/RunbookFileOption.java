package dev.drd.cli;

import dev.drd.config.ConfigException;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.failover.FailoverRunbook;
import dev.drd.recover.RecoverRunbook;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --runbook FILE} of the commands that run a runbook file (failover, recover). */
final class RunbookFileOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

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

  /**
   * The runbook as {@code read} reads and checks it. Its problems, or a file of the other kind, are
   * a {@link RunbookFileInvalid} that says how to check the file again.
   */
  <T> T load(Function<ConfigSource, T> read) {
    ConfigSource source = source();
    Kind kind = Kind.valueOf(command.parent().name().toUpperCase(Locale.ROOT));
    Kind other = kind == Kind.FAILOVER ? Kind.RECOVER : Kind.FAILOVER;
    try {
      if (other.claims(ConfigLoader.fromEnvironment().topLevelKeys(source), kind)) {
        throw new RunbookFileInvalid(
            "%s is a %s runbook; use `%s`".formatted(source.name(), other.noun, other.plan(source)),
            "check it with `%s`, or give drd %s a %s runbook"
                .formatted(other.plan(source), kind.command, kind.noun));
      }
      return read.apply(source);
    } catch (ConfigException e) {
      throw new RunbookFileInvalid(
          e.getMessage(),
          "fix the keys listed, then check again with `%s` (it checks without acting)"
              .formatted(kind.plan(source)));
    }
  }

  private enum Kind {
    FAILOVER("failover", "failover", FailoverRunbook.class),
    RECOVER("recover", "recovery", RecoverRunbook.class);

    final String command;
    final String noun;
    final Set<String> keys;

    Kind(String command, String noun, Class<? extends Record> runbook) {
      this.command = command;
      this.noun = noun;
      this.keys =
          Arrays.stream(runbook.getRecordComponents())
              .map(RecordComponent::getName)
              .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a file has keys only this kind has, and none only {@code other} has. */
    boolean claims(Set<String> fileKeys, Kind other) {
      return fileKeys.stream().anyMatch(k -> keys.contains(k) && !other.keys.contains(k))
          && fileKeys.stream().noneMatch(k -> other.keys.contains(k) && !keys.contains(k));
    }

    String plan(ConfigSource source) {
      return "drd %s plan --runbook %s".formatted(command, source.name());
    }
  }
}
