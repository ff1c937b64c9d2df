package dev.drd.cli;

import dev.drd.archive.BaseBackupLauncher;
import dev.drd.archive.BaseBackupManifest;
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
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Take a base backup of an archived target's server now: pg_basebackup's tar (every"
          + " database of the server) streamed through zstd and SHA-256 into"
          + " <prefix>/<target>/base/, complete (with its manifest) once the archive holds its WAL.",
      "The daemon (drd serve) runs it as base-backup/<target>/manual; a second start follows the"
          + " running one.",
      "",
      "Example: drd archive backup --target orders --wait"
    })
final class ArchiveBackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin TargetOption target;

  @Option(names = "--wait", description = "Wait until the base backup is complete.")
  boolean await;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    if (!t.archived()) {
      throw new CommandRefused(
          "target %s has no archive: a base backup is only of use with the WAL archive; add"
                  .formatted(t.name())
              + " archive: to it in the config (and restart the daemons)");
    }
    return RunbookRun.run(
        spec,
        cfg,
        json.enabled,
        "base backup of " + t.name(),
        session ->
            new BaseBackupLauncher(session.client(), cfg.temporal().taskQueue()).startManual(t),
        await,
        (out, result) -> print(out, Json.convert(result, BaseBackupManifest.class)),
        (out, details) -> {});
  }

  static void print(PrintWriter out, BaseBackupManifest m) {
    out.printf(
        """
        base backup of %s completed in %s
          key        %s
          manifest   %s
          size       %s zstd (%s tar)
          sha256     %s
          WAL        %s to %s on timeline %d, archived at %s
          server     %s (system id %s)
        """,
        m.target(),
        Durations.format(Duration.between(m.startedAt(), m.walArchivedAt())),
        m.key(),
        m.manifestKey(),
        DataSize.format(m.bytes()),
        DataSize.format(m.tarBytes()),
        m.sha256(),
        m.startLsn(),
        m.stopLsn(),
        m.timeline(),
        m.walArchivedAt(),
        m.serverVersion(),
        m.systemId());
    out.flush();
  }
}
