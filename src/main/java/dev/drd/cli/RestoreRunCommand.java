package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drd.archive.PitrLauncher;
import dev.drd.archive.PitrRequest;
import dev.drd.archive.PitrResult;
import dev.drd.archive.RecoveryTarget;
import dev.drd.config.DataSize;
import dev.drd.config.DatabaseNames;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import dev.drd.restore.AssertionResult;
import dev.drd.restore.RestoreLauncher;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.TableMismatch;
import dev.drd.restore.VerificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a target's backup into a database, with proof.",
      "1. Resolve the backup: the newest one with a manifest, or the one named with --backup.",
      "2. Download it into the daemon's restore.workDir and check its size and SHA-256 against the"
          + " manifest. A damaged object fails here, and the database is not touched.",
      "3. Create the database (it must not exist, or be empty, unless --replace) and run"
          + " pg_restore -j N.",
      "4. Verify: every table's exact row count against the manifest, then the target's"
          + " verify.assertions from the config. A mismatch fails the restore (exit 1) and keeps"
          + " the database for inspection.",
      "One restore into a database runs at a time (workflow id restore/<server>/<database>).",
      "",
      "With --at and --data-dir, the target's whole server as it was at a point in time instead:"
          + " the newest complete base backup before the point (its SHA-256 checked), the WAL"
          + " from the archive fetched ahead of replay (each object's SHA-256 checked), replayed to"
          + " the point on a server drd runs on 127.0.0.1, promoted and shut down cleanly. A point"
          + " outside the recovery window (drd archive status) is refused before anything is"
          + " touched. Workflow id pitr/<target>/manual.",
      "",
      "With --at and --into, one database as it was at a point in time, next to the live one:"
          + " the server recovered as above into a temporary cluster on a free port of the"
          + " daemon's host, the target's database counted, dumped out of it and restored into"
          + " DATABASE (new or empty) on --server, verified against those counts and the"
          + " assertions, and the temporary cluster removed whatever happened.",
      "",
      "Example: drd restore run --target orders --into orders_copy --wait",
      "Example: drd restore run --target orders --at '2026-12-02 16:40:12+00' --into"
          + " orders_1640 --wait",
      "Example: drd restore run --target orders --at '2026-12-02 16:40:12+00' --data-dir"
          + " /var/lib/drd/pitr/orders --wait"
    })
final class RestoreRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin TargetOption target;

  @Mixin BackupOption backup;

  @Option(
      names = "--into",
      paramLabel = "DATABASE",
      description = "The database to restore into; created unless it exists.")
  String into;

  @Option(
      names = "--at",
      paramLabel = "TIME|LSN|latest",
      description =
          "Restore the target as it was at this point, from a base backup and the WAL archive"
              + " (with --data-dir or --into): latest, an LSN (0/5B44000), or a time, ISO-8601"
              + " (2026-12-02T16:40:12Z) or as psql prints it (2026-12-02 16:40:12+00).")
  String at;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "With --at: a new or empty directory on the daemon's host that receives the recovered"
              + " cluster, promoted and shut down cleanly: pg_ctl -D DIR start serves it.")
  String dataDir;

  @Option(
      names = "--server",
      paramLabel = "NAME",
      description =
          "The configured target whose server receives the restore (default: the target itself).")
  String server;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Parallel pg_restore jobs (default: the daemon's restore.jobs).")
  Integer jobs;

  @Option(
      names = "--replace",
      description =
          "Restore over an existing, non-empty database (pg_restore --clean --if-exists).")
  boolean replace;

  @Option(
      names = "--no-owner",
      description =
          "Restore without ownership and privileges, for a server that lacks the source's roles.")
  boolean noOwner;

  @Option(names = "--wait", description = "Wait until verified, showing progress on stderr.")
  boolean await;

  @Override
  public Integer call() {
    if (into == null && at == null && dataDir == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give --into DATABASE (a dump restored into a database), or --at and --data-dir (the"
              + " whole server at a point in time)");
    }
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    if (at != null || dataDir != null) {
      return pointInTime(cfg, t);
    }
    TargetConfig s = cfg.requireTarget(server != null ? server : t.name());
    DatabaseNames.problem(into)
        .ifPresent(problem -> {
          throw new CommandLine.ParameterException(spec.commandLine(), "--into: " + problem);
        });
    if (jobs != null && (jobs < 1 || jobs > 64)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--jobs: 1 to 64");
    }
    RestoreRequest request =
        new RestoreRequest(t.name(), backup.backup, s.name(), into, jobs, replace, noOwner);
    return RunbookRun.run(
        spec,
        cfg,
        json.enabled,
        "restore into %s on %s".formatted(into, s.name()),
        session -> new RestoreLauncher(session.client(), cfg.temporal().taskQueue()).start(request),
        await,
        RestoreRunCommand::print,
        RestoreRunCommand::print);
  }

  private int pointInTime(DrdConfig cfg, TargetConfig t) {
    if (at == null || (dataDir == null) == (into == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "a point-in-time restore needs --at, and either --data-dir (the whole server) or --into"
              + " (one database into a live server)");
    }
    if (replace) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--replace: a point-in-time restore never overwrites; name a new database with --into");
    }
    if (into != null) {
      DatabaseNames.problem(into)
          .ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "--into: " + problem);
          });
    }
    if (!t.archived()) {
      throw new CommandRefused(
          "target %s has no archive: a point-in-time restore needs the WAL archive; add archive:"
                  .formatted(t.name())
              + " to it in the config");
    }
    RecoveryTarget point;
    try {
      point = RecoveryTarget.parse(at);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--at: " + e.getMessage());
    }
    PitrRequest request =
        into != null
            ? PitrRequest.into(
                t.name(),
                point.text(),
                into,
                cfg.requireTarget(server != null ? server : t.name()).name(),
                List.of())
            : PitrRequest.dataDir(
                t.name(), point.text(), Path.of(dataDir).toAbsolutePath().toString());
    return RunbookRun.run(
        spec,
        cfg,
        json.enabled,
        "point-in-time restore of %s to %s".formatted(t.name(), point.text()),
        session -> new PitrLauncher(session.client(), cfg.temporal().taskQueue()).start(request),
        await,
        (out, result) -> printPointInTime(out, Json.convert(result, PitrResult.class)),
        (out, details) -> {});
  }

  static void printPointInTime(PrintWriter out, PitrResult r) {
    out.printf(
        """
        point-in-time restore of %s to %s: %s
          base backup   %s
          WAL replayed  %d segment(s), %s, to %s (last commit %s), now timeline %d
          recovery      %s from download start to %s (RTO)
        """,
        r.target(),
        r.at(),
        r.dataDir() != null
            ? "RECOVERED into " + r.dataDir()
            : "VERIFIED in %s on %s".formatted(r.database(), r.server()),
        r.baseBackupKey(),
        r.walSegments(),
        DataSize.format(r.walBytes()),
        r.reachedLsn(),
        r.reachedCommitTime() == null ? "none replayed" : r.reachedCommitTime(),
        r.timeline(),
        Durations.format(r.recoveryTime()),
        r.dataDir() != null ? "shut down cleanly" : "verified");
    if (r.dataDir() != null) {
      out.printf(
          "  start it      pg_ctl -D %s start   (its own configuration, as the base backup had"
              + " it)%n",
          r.dataDir());
    } else {
      VerificationReport v = r.verification();
      out.printf(
          "  tables        %d checked, %,d rows, as the recovered server held them%n",
          v.tablesChecked(), v.rowsFound());
      for (AssertionResult a : v.assertions()) {
        out.printf("  assertion     %s  %s%n", a.passed() ? "ok    " : "FAILED", a.describe());
      }
    }
    out.flush();
  }

  /** The restore's figures and its verification, for a result and for a failed verification. */
  static void print(PrintWriter out, JsonNode document) {
    RestoreResult r = Json.convert(document, RestoreResult.class);
    VerificationReport v = r.verification();
    out.printf(
        """
        restore of %s into %s on %s: %s
          backup      %s (taken %s, %s old at restore)
          sha256      %s (%s zstd, %s archive): verified before restoring
          timings     download+checksum %s, pg_restore -j %d %s, verification %s
          recovery    %s from download start to verified (RTO)
          tables      %d checked, %,d rows, %d mismatch(es)
        """,
        r.target(),
        r.database(),
        r.server(),
        v.passed() ? "VERIFIED" : "VERIFICATION FAILED",
        r.backupKey(),
        r.backupTakenAt(),
        Durations.format(r.backupAge()),
        r.sha256(),
        DataSize.format(r.bytes()),
        DataSize.format(r.dumpBytes()),
        Durations.format(Duration.between(r.downloadStartedAt(), r.checksumVerifiedAt())),
        r.jobs(),
        Durations.format(Duration.between(r.checksumVerifiedAt(), r.restoredAt())),
        Durations.format(Duration.between(r.restoredAt(), r.verifiedAt())),
        Durations.format(r.recoveryTime()),
        v.tablesChecked(),
        v.rowsFound(),
        v.mismatchCount());
    for (TableMismatch m : v.mismatches()) {
      out.printf("    MISMATCH  %s%n", m.describe());
    }
    for (AssertionResult a : v.assertions()) {
      out.printf("  assertion   %s  %s%n", a.passed() ? "ok    " : "FAILED", a.describe());
    }
  }
}
