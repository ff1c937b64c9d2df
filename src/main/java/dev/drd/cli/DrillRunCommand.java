package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drd.archive.PitrRequest;
import dev.drd.archive.RecoveryTarget;
import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import dev.drd.drill.DrillLauncher;
import dev.drd.drill.DrillPoint;
import dev.drd.drill.DrillReport;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.restore.AssertionResult;
import dev.drd.restore.BackupChoice;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.TableMismatch;
import dev.drd.storage.S3ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
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
      "Run a restore drill now: restore the target's latest backup (or the one named with"
          + " --backup) into a scratch database"
          + " drill_<target>_<time> on the drill server (the target's drill.server, else its own),"
          + " verify it, measure RTO (download start to verified) and RPO (age of the backup),"
          + " and drop the scratch database, whatever happened.",
      "The report is written to <target>/drills/<time>.json in the bucket. Exit code 1 when the"
          + " drill failed or missed an objective.",
      "Drills also run on the target's drill.schedule; one drill by hand per target runs at a"
          + " time.",
      "",
      "With --at, a point-in-time drill of the WAL archive instead: the target's server recovered"
          + " from the newest base backup before the point into a temporary cluster on the"
          + " daemon's host, every table of the target's database counted and its assertions run"
          + " there, the RTO (download start to verified) and the point reached reported, and the"
          + " temporary cluster removed whatever happened. The RPO of a drill to latest is the"
          + " archive's lag when it began. Scheduled drills do this when drill.at is set.",
      "",
      "Example: drd drill run --target orders --wait",
      "Example: drd drill run --target orders --backup 20261124T020000Z --wait",
      "Example: drd drill run --target orders --at random --wait"
    })
final class DrillRunCommand implements Callable<Integer> {
  private static final Set<FailureType> UNUSABLE =
      Set.of(
          FailureType.BACKUP_NOT_FOUND, FailureType.MANIFEST_MISSING, FailureType.BACKUP_DAMAGED);

  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin TargetOption target;
  @Mixin BackupOption backup;

  @Option(
      names = "--at",
      paramLabel = "latest|random|TIME",
      description =
          "A point-in-time drill of the WAL archive: latest, random (a time drawn from the"
              + " recovery window), or a time (ISO-8601 or as psql prints it) or an LSN.")
  String at;

  @Option(names = "--wait", description = "Wait for the verdict, showing progress on stderr.")
  boolean await;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    boolean latest = RestoreRequest.LATEST.equals(backup.backup);
    if (at != null && !latest) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--backup and --at: a point-in-time drill recovers from the newest base backup before"
              + " the point; give one of them");
    }
    String point = at == null ? null : point(t);
    String dump = latest ? null : dump(cfg, t);
    return RunbookRun.run(
        spec,
        cfg,
        json.enabled,
        "drill of " + t.name(),
        session ->
            new DrillLauncher(session.client(), cfg.temporal().taskQueue(), point, dump)
                .startManual(t),
        await,
        DrillRunCommand::print,
        DrillRunCommand::print);
  }

  /**
   * The dump --backup names, looked up before the drill starts: a key that names none is a mistake
   * to correct, not a drill that failed.
   */
  private String dump(DrdConfig cfg, TargetConfig t) {
    try (S3ObjectStore store = S3ObjectStore.create(cfg.storage())) {
      return new BackupChoice(
              new BackupCatalog(store, new BackupLayout(cfg.storage().prefix())), Clock.systemUTC())
          .resolve(t, backup.backup)
          .key();
    } catch (DrdException e) {
      if (UNUSABLE.contains(e.type())) {
        throw new CommandRefused(e.getMessage());
      }
      throw e;
    }
  }

  private String point(TargetConfig t) {
    if (!t.archived()) {
      throw new CommandRefused(
          "target %s has no archive: a point-in-time drill needs the WAL archive; add archive: to"
                  .formatted(t.name())
              + " it in the config, or drill the newest dump without --at");
    }
    if (at.strip().equalsIgnoreCase(PitrRequest.RANDOM)) {
      return PitrRequest.RANDOM;
    }
    try {
      return RecoveryTarget.parse(at).text();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--at: random, or " + e.getMessage());
    }
  }

  static void print(PrintWriter out, JsonNode document) {
    DrillReport r = Json.convert(document, DrillReport.class);
    out.printf("%s%n", r.summary());
    if (r.pointInTime() != null) {
      DrillPoint p = r.pointInTime();
      out.printf(
          """
            base backup %s (finished %s)
            point       %s%s: reached %s (last commit %s), timeline %d
            recovered   in a temporary cluster on the daemon's host, removed
          """,
          orNone(r.backupKey()),
          r.backupTakenAt() == null ? "-" : r.backupTakenAt(),
          p.point() == null ? p.at() : p.point(),
          PitrRequest.RANDOM.equals(p.at()) ? " (random)" : "",
          p.reachedLsn(),
          p.reachedCommitTime() == null ? "none replayed" : p.reachedCommitTime(),
          p.timeline());
    } else {
      out.printf(
          """
            backup      %s (taken %s)
            scratch     %s
          """,
          orNone(r.backupKey()),
          r.backupTakenAt() == null ? "-" : r.backupTakenAt(),
          r.scratchDatabase() == null
              ? "none created"
              : "%s on %s, %s"
                  .formatted(
                      r.scratchDatabase(),
                      r.server(),
                      r.scratchDropped() ? "dropped" : "NOT DROPPED: drop it by hand"));
    }
    out.printf(
        """
          RTO         %s (objective %s)
          RPO         %s (objective %s)
          report      %s
        """,
        format(r.recoveryTime()),
        format(r.rtoObjective()),
        format(r.backupAge()),
        format(r.rpoObjective()),
        r.reportKey());
    if (r.verification() != null) {
      out.printf(
          "  verified    %d tables, %,d rows, %d mismatch(es), %d of %d assertions failed%n",
          r.verification().tablesChecked(),
          r.verification().rowsFound(),
          r.verification().mismatchCount(),
          r.verification().assertionsFailed(),
          r.verification().assertions().size());
      r.verification().mismatches().stream()
          .map(TableMismatch::describe)
          .forEach(m -> out.printf("    MISMATCH  %s%n", m));
      r.verification().assertions().stream()
          .filter(a -> !a.passed())
          .map(AssertionResult::describe)
          .forEach(a -> out.printf("    FAILED    %s%n", a));
    }
  }

  private static String format(Duration d) {
    return d == null ? "-" : Durations.format(d);
  }

  private static String orNone(String s) {
    return s == null ? "-" : s;
  }
}
