package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drd.archive.ArchiveRun;
import dev.drd.archive.BaseBackupManifest;
import dev.drd.archive.PitrResult;
import dev.drd.backup.BackupResult;
import dev.drd.runbook.RunKind;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * A finished runbook's result or failure for people, as its {@code run --wait} prints it: what it
 * did, with sizes and durations in units; what failed, why and what it left. JSON shows the raw
 * result instead.
 */
final class ResultSummary {
  private ResultSummary() {}

  static void printResult(Optional<RunKind> kind, PrintWriter out, JsonNode result) {
    switch (kind.orElse(null)) {
      case BACKUP -> BackupRunCommand.printSummary(out, Json.convert(result, BackupResult.class));
      case RESTORE -> RestoreRunCommand.print(out, result);
      case DRILL -> DrillRunCommand.print(out, result);
      case BASE_BACKUP ->
          ArchiveBackupCommand.print(out, Json.convert(result, BaseBackupManifest.class));
      case PITR -> RestoreRunCommand.printPointInTime(out, Json.convert(result, PitrResult.class));
      case ARCHIVE -> printArchiveRun(out, Json.convert(result, ArchiveRun.class));
      case null, default -> out.println("completed; with --json: its result");
    }
    out.flush();
  }

  /**
   * The failure's type and message (they say why, and what was undone), and what the runbook
   * attached to it: a restore's verification, a drill's report.
   */
  static void printFailure(
      Optional<RunKind> kind, PrintWriter out, WorkflowWatch.FailureSummary failure) {
    out.printf("  failure  [%s] %s%n", failure.type(), failure.message());
    if (failure.details() != null && !failure.details().isNull()) {
      switch (kind.orElse(null)) {
        case RESTORE -> RestoreRunCommand.print(out, failure.details());
        case DRILL -> DrillRunCommand.print(out, failure.details());
        case null, default -> {}
      }
    }
    out.flush();
  }

  static void printArchiveRun(PrintWriter out, ArchiveRun r) {
    out.printf(
        "archiver of %s %s: %d whole WAL segment(s) archived, from %s to %s on timeline %d%n",
        r.target(), r.ended(), r.segments(), r.from(), r.to(), r.timeline());
  }
}
