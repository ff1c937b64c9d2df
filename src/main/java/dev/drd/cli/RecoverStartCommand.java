package dev.drd.cli;

import dev.drd.archive.RecoveryTarget;
import dev.drd.config.ConfigLoader;
import dev.drd.config.DrdConfig;
import dev.drd.recover.RecoverRequest;
import dev.drd.recover.RecoverRunbook;
import dev.drd.recover.RecoverRunbookLoader;
import dev.drd.recover.RecoverWorkflow;
import dev.drd.runbook.OperatorRunbooks;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a database corruption recovery: the steps drd recover plan prints, as one durable"
          + " workflow (id recover/<target>; a second start while one runs is refused).",
      "The preflight (read-only) proves the backup's checksum before anything stops. After the"
          + " approval the services are scaled to 0, the database's client sessions drained, the"
          + " corrupt database kept as <db>_corrupt_<time>, the backup restored into the original"
          + " name and verified. A failed step, a failed verification among them, waits for"
          + " drd recover retry|skip|abort with the services still stopped. Then the services go"
          + " back to their recorded counts, the post-checks run, and the RTO and the data loss"
          + " window are reported.",
      "It returns once the recovery waits for approval or runs; with --wait it follows it to the"
          + " end.",
      "Exit code 0 when started (or, with --wait, completed), 1 when it failed or was aborted,"
          + " 3 (with --wait) when it waits for a person: an approval, or a decision on a failed"
          + " step; the commands that answer it are printed,"
          + " 2 when the runbook is invalid or a recovery of this target already runs.",
      "",
      "With --at, the database is restored as it was at a point in time from the WAL archive"
          + " (an archived target), e.g. just before a bad migration: the preflight refuses a"
          + " point outside the recovery window, the restore step recovers the server into a"
          + " temporary cluster and copies the database out of it into the original name.",
      "",
      "Example: drd recover start --runbook runbooks/ledger-corruption.yaml --wait",
      "Example: drd recover start --runbook runbooks/ledger-corruption.yaml --at"
          + " '2026-12-02 16:40:00+00' --wait",
      "",
      "Example: drd recover start --runbook runbooks/recover-temporal.yaml --wait"
    })
final class RecoverStartCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin RunbookFileOption runbook;

  @Option(
      names = "--backup",
      paramLabel = "KEY|latest",
      description =
          "The backup to restore instead of the runbook's backup: a key or stamp that drd backup"
              + " list shows, or latest.")
  String backup;

  @Option(
      names = "--at",
      paramLabel = "TIME|LSN|latest",
      description =
          "Restore the database as it was at this point, from the WAL archive, instead of a"
              + " backup: a time (ISO-8601 or as psql prints it), an LSN, or latest.")
  String at;

  @Mixin RunbookStart start;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (backup != null && backup.isBlank()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--backup: empty; give a key or stamp (drd backup list) or latest");
    }
    DrdConfig cfg = config.load().config();
    RecoverRunbook loaded =
        runbook.load(new RecoverRunbookLoader(ConfigLoader.fromEnvironment(), cfg)::load);
    if (at != null && backup != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --backup or --at, not both: a backup, or a point in time");
    }
    RecoverRunbook r = backup != null ? loaded.withBackup(backup) : loaded;
    if (at != null) {
      if (!cfg.requireTarget(r.target()).archived()) {
        throw new CommandRefused(
            "target %s has no archive: a recovery to a point in time needs the WAL archive; add"
                    .formatted(r.target())
                + " archive: to it in the config, or recover from a backup without --at");
      }
      try {
        r = r.withAt(RecoveryTarget.parse(at).text());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--at: " + e.getMessage());
      }
    }
    RecoverRunbook chosen = r;
    return start.start(
        cfg,
        json.enabled,
        "recovery of " + chosen.target(),
        client ->
            OperatorRunbooks.start(
                client,
                cfg.temporal().taskQueue(),
                RecoverWorkflow.class,
                chosen.workflowId(),
                w -> w::run,
                new RecoverRequest(chosen, start.yes, start.by)));
  }
}
