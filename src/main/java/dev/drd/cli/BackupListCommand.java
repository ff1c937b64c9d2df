package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.BackupManifest;
import dev.drd.backup.CatalogEntry;
import dev.drd.backup.CheckedBackup;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import dev.drd.storage.S3ObjectStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List a target's backups in the bucket, newest first.",
      "Only a dump with its manifest is a backup; dumps without one (left by a backup that"
          + " failed or is still running) are counted, and shown with --json.",
      "",
      "Example: drd backup list --target orders --json"
    })
final class BackupListCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin TargetOption target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    TargetConfig t = cfg.requireTarget(target.name);
    try (S3ObjectStore store = S3ObjectStore.create(cfg.storage())) {
      BackupCatalog catalog = new BackupCatalog(store, new BackupLayout(cfg.storage().prefix()));
      List<CatalogEntry> entries = catalog.entries(t.name());
      List<CatalogEntry> incomplete = entries.stream().filter(e -> !e.complete()).toList();
      List<CheckedBackup> checked = catalog.checked(t.name(), Instant.now());
      List<BackupManifest> backups =
          checked.stream().filter(CheckedBackup::usable).map(CheckedBackup::manifest).toList();
      List<CheckedBackup> untrusted = checked.stream().filter(c -> !c.usable()).toList();
      if (json.enabled) {
        ObjectNode doc = Json.object().put("target", t.name()).put("bucket", store.bucket());
        ArrayNode list = doc.putArray("backups");
        backups.forEach(m -> list.add(Json.toObject(m).put("rows", m.rows())));
        ArrayNode bad = doc.putArray("damaged");
        untrusted.forEach(c ->
            bad.add(
                Json.object()
                    .put("key", c.entry().keys().dump())
                    .put("manifestKey", c.entry().keys().manifest())
                    .put("condition", c.condition())
                    .put("reason", c.problem())));
        doc.set("incomplete", Json.MAPPER.valueToTree(incomplete));
        Json.print(out, doc);
        return ExitCodes.OK;
      }
      out.printf(
          "%-19s  %10s  %10s  %6s  %12s  %-12s  %s%n",
          "TIME (UTC)", "SIZE", "DUMPED", "TABLES", "ROWS", "LSN", "KEY");
      for (BackupManifest m : backups) {
        out.printf(
            "%-19s  %10s  %10s  %6d  %12d  %-12s  %s%n",
            TIME.format(m.startedAt()),
            DataSize.format(m.bytes()),
            DataSize.format(m.dumpBytes()),
            m.tables().size(),
            m.rows(),
            m.lsn(),
            m.key());
      }
      for (CheckedBackup c : untrusted) {
        out.printf(
            "%-19s  %-10s  never restored as latest: %s  %s%n",
            TIME.format(c.entry().timestamp()),
            c.condition(),
            c.problem(),
            c.entry().keys().dump());
      }
      out.printf(
          "%d backup%s of %s in bucket %s%s%n",
          backups.size(),
          backups.size() == 1 ? "" : "s",
          t.name(),
          store.bucket(),
          incomplete.isEmpty()
              ? ""
              : "; %d incomplete dump%s without manifest (not backups; see --json)"
                  .formatted(incomplete.size(), incomplete.size() == 1 ? "" : "s"));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
