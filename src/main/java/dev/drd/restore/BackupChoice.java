package dev.drd.restore;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.BackupManifest;
import dev.drd.backup.CatalogEntry;
import dev.drd.backup.CheckedBackup;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backup {@code --backup KEY|latest} names: the newest usable one, or the one a key, name or
 * stamp names, refused when it is damaged or incomplete.
 */
public final class BackupChoice {
  private static final Logger log = LoggerFactory.getLogger(BackupChoice.class);

  private final BackupCatalog catalog;
  private final Clock clock;

  public BackupChoice(BackupCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * @param backup {@code latest}, a dump or manifest key, a backup's name or its stamp
   */
  public ResolvedBackup resolve(TargetConfig target, String backup) {
    List<CatalogEntry> entries = catalog.entries(target.name());
    CheckedBackup checked =
        RestoreRequest.LATEST.equals(backup)
            ? latest(target, entries)
            : catalog.check(target.name(), named(target, entries, backup), clock.instant());
    if (checked.condition().equals("DAMAGED")) {
      throw new DrdException(
          FailureType.BACKUP_DAMAGED,
          "backup %s of target %s is %s; restore another one (drd backup list --target %s)"
              .formatted(checked.entry().name(), target.name(), checked.problem(), target.name()));
    }
    CatalogEntry entry = checked.entry();
    BackupManifest manifest = checked.manifest();
    return new ResolvedBackup(
        target.name(),
        entry.keys().dump(),
        entry.keys().manifest(),
        manifest.startedAt(),
        manifest.sha256(),
        manifest.bytes(),
        manifest.dumpBytes(),
        manifest.tables().size(),
        manifest.rows(),
        manifest.lsn(),
        manifest.serverVersion());
  }

  private static DrdException noBackup(TargetConfig target, List<CatalogEntry> entries) {
    return new DrdException(
        FailureType.NO_BACKUP,
        entries.isEmpty()
            ? "target %s has no backup in the bucket; run one with: drd backup run --target %s"
                .formatted(target.name(), target.name())
            : ("target %s has no complete backup: %d dump(s) lack a manifest and are never"
                    + " restored; run a backup with: drd backup run --target %s")
                .formatted(target.name(), entries.size(), target.name()));
  }

  /** The newest usable backup; damaged and future-stamped ones are passed over, and named. */
  private CheckedBackup latest(TargetConfig target, List<CatalogEntry> entries) {
    List<CheckedBackup> checked = catalog.checked(target.name(), clock.instant());
    checked.stream()
        .takeWhile(c -> !c.usable())
        .forEach(c ->
            log.warn(
                "passing over {} for the latest backup: {}", c.entry().keys().dump(), c.problem()));
    return checked.stream()
        .filter(CheckedBackup::usable)
        .findFirst()
        .orElseThrow(() -> {
          if (checked.isEmpty()) {
            return noBackup(target, entries);
          }
          return new DrdException(
              FailureType.NO_BACKUP,
              "target %s has no usable backup: %s. Run one with: drd backup run --target %s"
                  .formatted(
                      target.name(),
                      checked.stream().map(c -> c.entry().name() + " is " + c.problem()).toList(),
                      target.name()));
        });
  }

  private static CatalogEntry named(TargetConfig target, List<CatalogEntry> entries, String key) {
    List<CatalogEntry> matching =
        entries.stream()
            .filter(e ->
                e.keys().dump().equals(key)
                    || e.keys().manifest().equals(key)
                    || e.name().equals(key)
                    || BackupLayout.stamp(e.timestamp()).equals(key))
            .toList();
    if (matching.isEmpty()) {
      throw new DrdException(
          FailureType.BACKUP_NOT_FOUND,
          "there is no backup %s of target %s; list them with: drd backup list --target %s"
              .formatted(key, target.name(), target.name()));
    }
    if (matching.size() > 1) {
      throw new DrdException(
          FailureType.BACKUP_NOT_FOUND,
          "%d backups of target %s were taken at %s: name one of %s"
              .formatted(
                  matching.size(),
                  target.name(),
                  key,
                  matching.stream().map(CatalogEntry::name).toList()));
    }
    CatalogEntry entry = matching.get(0);
    if (entry.dump() == null) {
      throw new DrdException(
          FailureType.BACKUP_NOT_FOUND,
          "backup %s of target %s has a manifest but its dump is gone; restore another one"
              .formatted(key, target.name()));
    }
    if (entry.manifest() == null) {
      throw new DrdException(
          FailureType.MANIFEST_MISSING,
          ("%s has no manifest, so it is not a complete backup (its upload or manifest failed) and"
                  + " drd does not restore it; pick another with: drd backup list --target %s")
              .formatted(entry.keys().dump(), target.name()));
    }
    return entry;
  }
}
