package dev.drd.cli;

import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupResult;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Back up a target now: pg_dump streamed through zstd and SHA-256 into the bucket, then a"
          + " manifest (tables, row counts, LSN), then retention.",
      "The daemon (drd serve) runs it; one backup per target runs at a time, whatever started"
          + " it: a second start by hand follows the running one, and a backup that finds another"
          + " one dumping (a scheduled one, another daemon's) is SKIPPED, naming it. A backup is"
          + " refused while a corruption recovery of the target runs.",
      "",
      "Example: drd backup run --target orders --wait"
    })
final class BackupRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin TargetOption target;

  @Option(
      names = "--wait",
      description = "Wait until the backup is done, showing progress on stderr.")
  boolean await;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    return RunbookRun.run(
        spec,
        cfg,
        json.enabled,
        "backup of " + t.name(),
        session -> new BackupLauncher(session.client(), cfg.temporal().taskQueue()).startManual(t),
        await,
        (out, result) -> printSummary(out, Json.convert(result, BackupResult.class)),
        (out, details) -> {});
  }

  static void printSummary(PrintWriter out, BackupResult r) {
    if (r.wasSkipped()) {
      out.printf("backup of %s SKIPPED: %s%n", r.target(), r.skipped());
      out.flush();
      return;
    }
    out.printf(
        """
        backup of %s completed in %s
          key        %s
          manifest   %s
          size       %s zstd (%s dumped)
          sha256     %s
          contents   %d tables, %,d rows, at LSN %s
        """,
        r.target(),
        Durations.format(Duration.between(r.startedAt(), r.finishedAt())),
        r.key(),
        r.manifestKey(),
        DataSize.format(r.bytes()),
        DataSize.format(r.dumpBytes()),
        r.sha256(),
        r.tables(),
        r.rows(),
        r.lsn());
    if (r.retention() != null) {
      out.printf(
          "  retention  kept %d, deleted %d older and %d incomplete, aborted %d stale upload(s)%n",
          r.retention().kept(),
          r.retention().deleted().size(),
          r.retention().incompleteDeleted().size(),
          r.retention().uploadsAborted().size());
    } else {
      out.printf("  retention  FAILED: %s (the backup itself is complete)%n", r.retentionError());
    }
    out.flush();
  }
}
