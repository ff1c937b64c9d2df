package dev.drd.restore;

import static dev.drd.restore.RestoreHeartbeat.DOWNLOADING;
import static dev.drd.restore.RestoreHeartbeat.RESTORING;

import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Databases;
import dev.drd.postgres.PgRestore;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.SessionTag;
import dev.drd.postgres.Sessions;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore step: the backup staged into the work dir and proved against its manifest (or the
 * archive an earlier attempt staged, re-hashed), then pg_restore into the destination.
 */
record StagedRestore(
    DrdConfig config,
    Supplier<PgTools> tools,
    ObjectStore store,
    RestoreDestination destination,
    Clock clock) {
  private static final Logger log = LoggerFactory.getLogger(StagedRestore.class);

  /**
   * Stages, checks and restores. The staged archive is removed when the restore is done, or fails
   * for good; a failure the next attempt may get past keeps it for that attempt, which reuses it
   * instead of downloading it again.
   */
  RestoreStepResult restore(RestoreStepRequest request) {
    Path file = stagingFile(request.workflowId());
    try {
      RestoreStepResult result = restoreFrom(file, request);
      removeQuietly(file);
      return result;
    } catch (RuntimeException e) {
      if (StagedDump.proved(file) && worthRetrying(e)) {
        log.info("keeping {}, staged and checked, for the next attempt of this restore", file);
      } else {
        removeQuietly(file);
      }
      throw e;
    }
  }

  /** Removes what this restore staged, if anything. */
  void discard(String workflowId) {
    removeQuietly(stagingFile(workflowId));
  }

  private static boolean worthRetrying(RuntimeException e) {
    if (e instanceof DrdException failure) {
      return failure.type().retryable();
    }
    return !(e instanceof io.temporal.client.ActivityCanceledException);
  }

  private RestoreStepResult restoreFrom(Path file, RestoreStepRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    ResolvedBackup backup = request.backup();
    PostgresEndpoint server = destination.server(request.server());
    PgTools pg = tools.get();
    int jobs = request.jobs() != null ? request.jobs() : config.restore().jobs();
    boolean earlierAttemptRestored =
        activity
            .getHeartbeatDetails(RestoreHeartbeat.class)
            .map(h -> h.phase().equals(RESTORING))
            .orElse(false);
    SessionTag tag = new SessionTag(activity.getInfo().getWorkflowId());
    Sessions.endLeftBy(server, tag); // an earlier attempt's pg_restore may still run
    AtomicReference<RestoreHeartbeat> progress =
        new AtomicReference<>(
            new RestoreHeartbeat(DOWNLOADING, 0, 0, 0, "downloading " + backup.key()));
    AttemptLease lease = AttemptLease.hold(activity, progress::get);
    // A session waiting on a lock never reads its socket: only the server can end it.
    lease.onLoss(() -> Sessions.terminateNamed(server, tag.prefix()));
    try (lease;
        WorkDirSpace.Reservation room =
            WorkDirSpace.reserve(file, backup, config.restore().keepFree().bytes())) {
      Instant downloadStarted = clock.instant();
      progress.set(
          new RestoreHeartbeat(
              DOWNLOADING, 0, 0, 0, "checking the archive an earlier attempt staged, if any"));
      boolean reused = StagedDump.reusable(file, backup);
      if (!reused) {
        try (InputStream object = store.open(backup.key())) {
          lease.onLoss(() -> StagedDump.closeQuietly(object));
          StagedDump.stage(
              object,
              backup,
              file,
              bytes ->
                  progress.set(
                      new RestoreHeartbeat(
                          DOWNLOADING,
                          bytes,
                          0,
                          0,
                          "downloaded and checked %s of %s"
                              .formatted(
                                  DataSize.format(bytes), DataSize.format(backup.bytes())))));
        }
      }
      lease.rethrowIfLost();
      Instant verified = clock.instant();
      log.info(
          "{}: size and sha256 match the manifest ({} {} in {}); restoring into {} on {}",
          backup.key(),
          DataSize.format(backup.dumpBytes()),
          reused ? "staged by an earlier attempt of this restore, unchanged since:" : "staged",
          Durations.format(Duration.between(downloadStarted, verified)),
          request.database(),
          server.describe());

      boolean created = destination.prepare(server, request, earlierAttemptRestored);
      int items = PgRestore.countItems(pg, file);
      PostgresEndpoint into = server.withDatabase(request.database());
      progress.set(
          new RestoreHeartbeat(
              RESTORING, backup.bytes(), 0, items, "pg_restore -j %d starting".formatted(jobs)));
      try (PgRestore restore =
          PgRestore.start(
              pg,
              into,
              file,
              new PgRestore.Options(jobs, !created, request.noOwner()),
              tag.applicationName("restore"))) {
        lease.onLoss(restore::close);
        while (!restore.awaitExit(Duration.ofSeconds(1))) {
          lease.rethrowIfLost();
          progress.set(
              new RestoreHeartbeat(
                  RESTORING,
                  backup.bytes(),
                  restore.itemsDone(),
                  items,
                  "pg_restore -j %d: %d of %d items%s"
                      .formatted(
                          jobs,
                          Math.min(restore.itemsDone(), items),
                          items,
                          restore.currentItem().isEmpty() ? "" : ", at " + restore.currentItem())));
        }
      }
      lease.rethrowIfLost();
      Instant restored = clock.instant();
      Databases.comment(
          server,
          request.database(),
          "restored by drd from %s (workflow %s) at %s"
              .formatted(backup.key(), request.workflowId(), restored));
      log.info(
          "restored {} into {} with {} jobs in {}",
          backup.key(),
          into.describe(),
          jobs,
          Durations.format(Duration.between(verified, restored)));
      return new RestoreStepResult(
          downloadStarted, verified, restored, created, jobs, items, reused);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "the restore was interrupted", e);
    } catch (IOException e) {
      lease.rethrowIfLost();
      throw asFailure(e, file);
    } catch (RuntimeException e) {
      lease.rethrowIfLost(); // what the lost lease's releases broke is not the failure to report
      throw e;
    }
  }

  private Path stagingFile(String workflowId) {
    Path dir = config.restore().workDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.DISK_FULL,
          "cannot create the restore work dir %s: %s. Check restore.workDir".formatted(dir, e),
          e);
    }
    return dir.resolve(workflowId.replaceAll("[^A-Za-z0-9._-]", "_") + ".dump");
  }

  private static DrdException asFailure(IOException e, Path file) {
    if (e instanceof InterruptedIOException) {
      return new DrdException(FailureType.INTERRUPTED, "the restore was interrupted", e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
      return new DrdException(
          FailureType.DISK_FULL,
          "the restore work dir ran out of space while staging %s; free space or point"
                  .formatted(file)
              + " restore.workDir at a larger disk",
          e);
    }
    return new DrdException(
        FailureType.STORAGE_FAILED, "staging the dump into %s failed: %s".formatted(file, e), e);
  }

  private static void removeQuietly(Path file) {
    try {
      StagedDump.remove(file);
    } catch (IOException e) {
      log.warn("could not remove the staged dump {}: {}; remove it by hand", file, e.getMessage());
    }
  }
}
