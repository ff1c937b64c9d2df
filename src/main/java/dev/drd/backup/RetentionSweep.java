package dev.drd.backup;

import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import dev.drd.storage.ObjectStore;
import dev.drd.storage.PendingUpload;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the target's retention no longer keeps: complete backups past it (but the newest one
 * a drill verified), dumps left without a manifest for a day, uploads no live dump can own.
 */
record RetentionSweep(
    DrdConfig config,
    ObjectStore store,
    BackupLayout layout,
    BackupCatalog catalog,
    VerifiedBackups verified,
    Clock clock) {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
  private static final Duration INCOMPLETE_GRACE = Duration.ofDays(1);

  RetentionResult apply(RetentionRequest request) {
    TargetConfig target = config.requireTarget(request.target());
    ActivityExecutionContext activity = Activity.getExecutionContext();
    List<CatalogEntry> entries = catalog.entries(target.name());
    Set<BackupKeys> usable = new HashSet<>();
    for (CheckedBackup c : catalog.checked(target.name(), clock.instant())) {
      if (c.usable()) {
        usable.add(c.entry().keys());
      } else {
        log.warn(
            "retention leaves {} alone and does not count it: {}",
            c.entry().keys().dump(),
            c.problem());
      }
    }
    List<Instant> complete =
        entries.stream()
            .filter(e -> usable.contains(e.keys()))
            .map(CatalogEntry::timestamp)
            .toList();
    Set<Instant> keep =
        Retention.keep(
            complete, target.backup().retention(), ZoneId.of(target.backup().timezone()));
    Optional<String> drilled = verified.newestVerified(target);
    List<String> deleted = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    Instant incompleteBefore = clock.instant().minus(INCOMPLETE_GRACE);
    for (CatalogEntry entry : entries) {
      boolean kept = keep.contains(entry.timestamp());
      if (entry.complete() && !usable.contains(entry.keys())) {
        continue;
      } else if (entry.complete() && !kept && drilled.equals(Optional.of(entry.keys().dump()))) {
        log.info(
            "retention: keeping {} beyond {}: it is the newest backup a drill verified",
            entry.keys().dump(),
            target.backup().retention());
      } else if (entry.complete() && !kept) {
        log.info(
            "retention ({}): deleting backup {}", target.backup().retention(), entry.keys().dump());
        store.delete(entry.keys().manifest());
        store.delete(entry.keys().dump());
        deleted.add(entry.keys().dump());
      } else if (entry.manifest() == null
          && entry.dump().lastModified().isBefore(incompleteBefore)) {
        log.info(
            "retention: deleting {}, a dump without manifest (not a backup)", entry.keys().dump());
        store.delete(BackupLayout.tablesKeyOf(entry.keys().dump()));
        store.delete(entry.keys().dump());
        incomplete.add(entry.keys().dump());
      }
      activity.heartbeat(deleted.size() + incomplete.size());
    }
    return new RetentionResult(
        complete.size() - deleted.size(), deleted, incomplete, abortStaleUploads(target));
  }

  /**
   * Aborts the target's uploads started longer ago than an attempt may run (backup.timeout, plus an
   * hour): no live dump can own them, and S3 would bill their parts forever.
   */
  private List<String> abortStaleUploads(TargetConfig target) {
    Instant before = clock.instant().minus(target.backup().timeout()).minus(Duration.ofHours(1));
    List<String> aborted = new ArrayList<>();
    for (PendingUpload upload : store.pendingUploads(layout.targetPrefix(target.name()))) {
      if (upload.initiated().isBefore(before)) {
        log.info(
            "retention: aborting upload {} of {}, started {} and never completed",
            upload.uploadId(),
            upload.key(),
            upload.initiated());
        store.abortUpload(upload.key(), upload.uploadId());
        aborted.add(upload.key());
      }
    }
    return aborted;
  }
}
