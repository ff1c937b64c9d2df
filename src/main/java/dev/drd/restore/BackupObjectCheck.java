package dev.drd.restore;

import static dev.drd.restore.RestoreHeartbeat.DOWNLOADING;

import dev.drd.config.DataSize;
import dev.drd.config.Durations;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A runbook's preflight of a backup: the stored object read whole and proved against its manifest,
 * keeping nothing and touching no database.
 */
record BackupObjectCheck(ObjectStore store, Clock clock) {
  /** Returns what it found, for the runbook's report. */
  String check(ResolvedBackup backup) {
    AtomicReference<RestoreHeartbeat> progress =
        new AtomicReference<>(
            new RestoreHeartbeat(DOWNLOADING, 0, 0, 0, "opening " + backup.key()));
    Instant started = clock.instant();
    AttemptLease lease = AttemptLease.hold(Activity.getExecutionContext(), progress::get);
    try (lease;
        InputStream object = store.open(backup.key())) {
      lease.onLoss(() -> StagedDump.closeQuietly(object));
      StagedDump.check(
          object,
          backup,
          bytes ->
              progress.set(
                  new RestoreHeartbeat(
                      DOWNLOADING,
                      bytes,
                      0,
                      0,
                      "checked %s of %s"
                          .formatted(DataSize.format(bytes), DataSize.format(backup.bytes())))));
    } catch (IOException e) {
      lease.rethrowIfLost();
      throw new DrdException(
          FailureType.STORAGE_FAILED,
          "could not read backup %s to check it: %s".formatted(backup.key(), e.getMessage()),
          e);
    }
    return "%s (taken %s): %s read, size and sha256 match the manifest, in %s"
        .formatted(
            backup.key(),
            backup.takenAt(),
            DataSize.format(backup.bytes()),
            Durations.format(Duration.between(started, clock.instant())));
  }
}
