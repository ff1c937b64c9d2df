package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import dev.drd.drill.DrillLauncher;
import dev.drd.drill.DrillReport;
import dev.drd.restore.AssertionResult;
import dev.drd.restore.TableMismatch;
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
      "Run a restore drill now: restore the target's latest backup into a scratch database"
          + " drill_<target>_<time> on the drill server (the target's drill.server, else its own),"
          + " verify it, measure RTO (download start to verified) and RPO (age of the backup),"
          + " and drop the scratch database, whatever happened.",
      "The report is written to <target>/drills/<time>.json in the bucket. Exit code 1 when the"
          + " drill failed or missed an objective.",
      "Drills also run on the target's drill.schedule; one drill by hand per target runs at a"
          + " time."
    })
final class DrillRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin TargetOption target;

  @Option(names = "--wait", description = "Wait for the verdict, showing progress on stderr.")
  boolean await;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    return RunbookRun.run(
        spec,
        cfg,
        json.enabled,
        "drill of " + t.name(),
        session -> new DrillLauncher(session.client(), cfg.temporal().taskQueue()).startManual(t),
        await,
        DrillRunCommand::print,
        DrillRunCommand::print);
  }

  static void print(PrintWriter out, JsonNode document) {
    DrillReport r = Json.convert(document, DrillReport.class);
    out.printf(
        """
        %s
          backup      %s (taken %s)
          scratch     %s on %s, %s
          RTO         %s (objective %s)
          RPO         %s (objective %s)
          report      %s
        """,
        r.summary(),
        orNone(r.backupKey()),
        r.backupTakenAt() == null ? "-" : r.backupTakenAt(),
        r.scratchDatabase(),
        r.server(),
        r.scratchDropped() ? "dropped" : "NOT DROPPED: drop it by hand",
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
