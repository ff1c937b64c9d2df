package dev.drd.cli;

import dev.drd.config.ConfigException;
import dev.drd.daemon.StorageUnusableException;
import dev.drd.daemon.dev.DevModeException;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.schedule.ScheduleStoreUnavailableException;
import dev.drd.temporal.TemporalUnreachableException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "drd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Disaster recovery for PostgreSQL services, as durable Temporal workflows:"
          + " backups streamed into S3 with checksums and manifests, restores verified against"
          + " them, and restore drills that measure RTO and RPO, on a schedule or by hand.",
      ""
    },
    subcommands = {
      ServeCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      DrillCommand.class,
      FailoverCommand.class,
      RecoverCommand.class,
      StatusCommand.class,
      ArchiveCommand.class,
      RunsCommand.class,
      ScheduleCommand.class,
      CancelCommand.class,
      ConfigCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 the runbook failed, 2 bad usage or config, 3 the runbook waits for"
          + " a person (an approval, a decision on a failed step).",
      "Shell completion (bash, zsh): source <(drd completion)",
      "Config: --config FILE, else $DRD_CONFIG, else the built-in dev config"
          + " (Temporal on 127.0.0.1:7233)."
    })
public final class DrdCommand implements Runnable {
  /** Failures that mean "fix the command or the config", not "the runbook failed". */
  private static final Set<FailureType> USAGE_FAILURES =
      Set.of(
          FailureType.UNKNOWN_TARGET,
          FailureType.MISSING_SECRET,
          FailureType.RESTORE_CONFLICT,
          FailureType.NO_BACKUP,
          FailureType.BACKUP_NOT_FOUND);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  /** The command line with its exit-code mapping; tests run real command lines through this. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new DrdCommand());
    // before setOut: picocli hands the streams only to subcommands it already has
    cl.addSubcommand("completion", new ShellCompletion());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    withVersion(cl);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter stderr = commandLine.getErr();
      stderr.println("drd: " + e.getMessage());
      if (System.getenv("DRD_DEBUG") != null) {
        e.printStackTrace(stderr);
      }
      stderr.flush();
      if (JsonErrors.wanted(commandLine)) {
        JsonErrors.print(commandLine.getOut(), e);
      }
      return exitCodeOf(e);
    });
    CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((parsed, args) -> {
      CommandLine.ParameterException e = misspeltFirst(parsed);
      if (JsonErrors.wanted(args)) {
        JsonErrors.print(e.getCommandLine().getOut(), e);
      }
      return usage.handleParseException(e, args);
    });
    return cl;
  }

  /**
   * picocli checks required options before it reports unknown ones, so {@code --taget x} would be
   * reported as a missing {@code --target}: the misspelling is the error a person can act on.
   */
  private static CommandLine.ParameterException misspeltFirst(CommandLine.ParameterException e) {
    List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
    if (e instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()) {
      return new CommandLine.UnmatchedArgumentException(e.getCommandLine(), unmatched);
    }
    return e;
  }

  /** --version answers on every command, not only on drd itself. */
  private static void withVersion(CommandLine command) {
    command.getCommandSpec().versionProvider(new VersionProvider());
    command.getSubcommands().values().forEach(DrdCommand::withVersion);
  }

  static int exitCodeOf(Exception e) {
    if (e instanceof ConfigException
        || e instanceof RunbookFileInvalid
        || e instanceof CommandRefused
        || e instanceof TemporalUnreachableException
        || e instanceof ScheduleStoreUnavailableException
        || e instanceof DevModeException
        || e instanceof StorageUnusableException
        || e instanceof DrdException d && USAGE_FAILURES.contains(d.type())) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.RUNBOOK_FAILED;
  }
}
