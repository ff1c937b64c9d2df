package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.archive.BaseBackupLauncher;
import dev.drd.backup.BackupLauncher;
import dev.drd.config.DrdConfig;
import dev.drd.drill.DrillLauncher;
import dev.drd.schedule.RunbookScheduler;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Every scheduled runbook (backups, drills, base backups) with its cron, time zone and next"
          + " fire times, from the config: what the daemons fire, each once however many run.",
      "",
      "Example:  drd schedule --count 5 --json"
    })
final class ScheduleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "3",
      description = "Fire times to show per schedule (default 3).")
  int count;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count: at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    String queue = cfg.temporal().taskQueue();
    // the launchers only say what is scheduled here; nothing is started, so no client
    List<RunbookScheduler.Upcoming> upcoming =
        RunbookScheduler.upcoming(
            cfg.targets(),
            List.of(
                new BackupLauncher(null, queue),
                new DrillLauncher(null, queue),
                new BaseBackupLauncher(null, queue)),
            Instant.now(),
            count);
    if (json.enabled) {
      ObjectNode doc = Json.object().put("clustered", cfg.schedule().cluster() != null);
      ArrayNode list = doc.putArray("schedules");
      upcoming.forEach(u -> list.add(Json.toObject(u)));
      Json.print(out, doc);
      return ExitCodes.OK;
    }
    if (upcoming.isEmpty()) {
      out.println(
          "nothing is scheduled: give a target backup.schedule, drill.schedule or"
              + " archive.baseBackupSchedule");
    }
    for (RunbookScheduler.Upcoming u : upcoming) {
      out.printf(
          "%-11s  %-16s  %-14s  %-13s  next %s%n",
          u.runbook(),
          u.target(),
          "'" + u.cron() + "'",
          u.timezone(),
          String.join(", ", u.next().stream().map(Instant::toString).toList()));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
