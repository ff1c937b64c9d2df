package dev.drd.cli;

import dev.drd.config.ConfigException;
import dev.drd.daemon.StorageUnusableException;
import dev.drd.daemon.dev.DevModeException;
import dev.drd.failure.DrdException;
import dev.drd.schedule.ScheduleStoreUnavailableException;
import dev.drd.temporal.TemporalUnreachableException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * With {@code --json}, a command that fails still prints one JSON document on stdout: {@code
 * {"error": {"type", "message", "next"}}}, beside the message people read on stderr.
 */
final class JsonErrors {
  private JsonErrors() {}

  /** Whether the command that failed was asked for --json. */
  static boolean wanted(CommandLine command) {
    CommandLine.ParseResult parsed = command.getParseResult();
    return parsed != null && parsed.hasMatchedOption("--json");
  }

  /** Whether a command line that did not parse asked for --json. */
  static boolean wanted(String[] args) {
    return Arrays.asList(args).contains("--json");
  }

  static void print(PrintWriter out, String type, String message, String next) {
    var error = Json.object().put("type", type).put("message", message).put("next", next);
    Json.print(out, Json.object().set("error", error));
  }

  static void print(PrintWriter out, Exception e) {
    String type = typeOf(e);
    String next = e instanceof RunbookFileInvalid r ? r.next() : nextFor(type);
    print(out, type, String.valueOf(e.getMessage()), next);
  }

  static String typeOf(Exception e) {
    if (e instanceof DrdException d) {
      return d.type().name();
    }
    if (e instanceof RunbookFileInvalid) {
      return "RUNBOOK_INVALID";
    }
    if (e instanceof ConfigException) {
      return "CONFIG_INVALID";
    }
    if (e instanceof CommandRefused) {
      return "REFUSED";
    }
    if (e instanceof TemporalUnreachableException) {
      return "TEMPORAL_UNREACHABLE";
    }
    if (e instanceof ScheduleStoreUnavailableException) {
      return "SCHEDULE_STORE_UNAVAILABLE";
    }
    if (e instanceof StorageUnusableException) {
      return "STORAGE_UNUSABLE";
    }
    if (e instanceof DevModeException) {
      return "DEV_MODE";
    }
    if (e instanceof CommandLine.ParameterException) {
      return "USAGE";
    }
    return "FAILED";
  }

  /** The next step for a kind of error; the message says what failed and why. */
  static String nextFor(String type) {
    return switch (type) {
      case "USAGE" -> "drd COMMAND --help shows the command's options and an example";
      case "CONFIG_INVALID" -> "fix the config where the message says, then: drd config check";
      case "TEMPORAL_UNREACHABLE" ->
          "start the daemon (drd serve, or drd serve --dev), or point temporal.target at Temporal;"
              + " drd config check --connect tries it";
      case "REFUSED" -> "nothing was changed: do what the message says, then run the command again";
      case "NO_BACKUP", "BACKUP_NOT_FOUND" ->
          "drd backup list --target TARGET lists the backups there are; drd backup run --target"
              + " TARGET takes one";
      case "CHECKSUM_MISMATCH", "BACKUP_DAMAGED", "MANIFEST_MISSING", "DOCUMENT_UNREADABLE" ->
          "do not restore this backup: pick an older one from drd backup list --target TARGET,"
              + " check it with drd backup verify --target TARGET --backup KEY, and take a new one"
              + " with drd backup run --target TARGET";
      case "UNKNOWN_TARGET", "MISSING_SECRET" ->
          "fix the command or the config as the message says; drd config check lists the targets";
      default ->
          "drd runs lists what ran; drd status WORKFLOW_ID shows a runbook's steps and failure";
    };
  }
}
