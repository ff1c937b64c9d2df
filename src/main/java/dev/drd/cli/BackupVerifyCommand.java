package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.backup.BackupLayout;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import dev.drd.postgres.PgTools;
import dev.drd.restore.BackupVerifier;
import dev.drd.restore.ResolvedBackup;
import dev.drd.storage.S3ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Prove a backup without restoring it: read it whole from the bucket, check its size and"
          + " SHA-256 against its manifest, and read its archive's table of contents with"
          + " pg_restore --list. Nothing is restored.",
      "Exit 0 when it is intact, 1 when it is damaged or unreadable.",
      "",
      "Example:  drd backup verify --target orders --backup latest --json"
    })
final class BackupVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin TargetOption target;

  @Mixin BackupOption backup;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    try (S3ObjectStore store = S3ObjectStore.create(cfg.storage())) {
      BackupVerifier.Verified v =
          new BackupVerifier(
                  store,
                  new BackupLayout(cfg.storage().prefix()),
                  PgTools.locate(Optional.ofNullable(cfg.postgres().binDir())),
                  Clock.systemUTC())
              .verify(t, backup.backup);
      ResolvedBackup b = v.backup();
      if (json.enabled) {
        ObjectNode doc =
            Json.object()
                .put("target", b.target())
                .put("key", b.key())
                .put("manifestKey", b.manifestKey())
                .put("takenAt", b.takenAt().toString())
                .put("bytes", b.bytes())
                .put("dumpBytes", b.dumpBytes())
                .put("sha256", b.sha256())
                .put("tables", b.tables())
                .put("rows", b.rows())
                .put("archiveEntries", v.archiveEntries())
                .put("verified", true)
                .put("seconds", v.took().toMillis() / 1000.0);
        Json.print(out, doc);
        return ExitCodes.OK;
      }
      out.printf(
          "backup %s of %s (taken %s) is intact: %s read, its size and SHA-256 match the"
              + " manifest, its archive (%s) lists %d entries for %d tables; nothing was restored"
              + " (%s)%n",
          b.key(),
          b.target(),
          b.takenAt(),
          DataSize.format(b.bytes()),
          DataSize.format(b.dumpBytes()),
          v.archiveEntries(),
          b.tables(),
          Durations.format(v.took()));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
