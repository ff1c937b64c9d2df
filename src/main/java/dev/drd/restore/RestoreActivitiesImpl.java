package dev.drd.restore;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.BackupManifest;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.Secrets;
import dev.drd.config.SqlAssertion;
import dev.drd.config.TargetConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class RestoreActivitiesImpl implements RestoreActivities {
  private static final Logger log = LoggerFactory.getLogger(RestoreActivitiesImpl.class);
  private static final String IN_PROGRESS = "drd restore in progress: ";
  private static final String DOWNLOADING = "downloading";
  private static final String RESTORING = "restoring";

  private final DrdConfig config;
  private final Secrets secrets;
  private final Supplier<PgTools> tools;
  private final ObjectStore store;
  private final BackupCatalog catalog;
  private final Clock clock;

  public RestoreActivitiesImpl(
      DrdConfig config, Secrets secrets, Supplier<PgTools> tools, ObjectStore store, Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.tools = tools;
    this.store = store;
    this.catalog = new BackupCatalog(store, new BackupLayout(config.storage().prefix()));
    this.clock = clock;
  }

  @Override
  public ResolvedBackup resolve(ResolveRequest request) {
    ResolvedBackup backup =
        new BackupChoice(catalog, clock)
            .resolve(config.requireTarget(request.target()), request.backup());
    log.info(
        "restoring {} of {} (taken {}, {} zstd, {} tables)",
        backup.key(),
        backup.target(),
        backup.takenAt(),
        DataSize.format(backup.bytes()),
        backup.tables());
    return backup;
  }

  @Override
  public String checkBackup(ResolvedBackup backup) {
    AtomicReference<RestoreHeartbeat> progress =
        new AtomicReference<>(
            new RestoreHeartbeat(DOWNLOADING, 0, 0, 0, "opening " + backup.key()));
    Instant started = clock.instant();
    AttemptLease lease = AttemptLease.hold(Activity.getExecutionContext(), progress::get);
    try (lease;
        InputStream object = store.open(backup.key())) {
      lease.onLoss(() -> closeQuietly(object));
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

  @Override
  public DestinationCheck checkDestination(DestinationRequest request) {
    PostgresEndpoint server = server(request.server());
    Optional<Databases.State> state = Databases.describe(server, request.database());
    if (state.isPresent()
        && !state.get().empty()
        && !request.replace()
        && !isOurs(state.get(), Activity.getExecutionContext().getInfo().getWorkflowId())) {
      throw new DrdException(
          FailureType.TARGET_NOT_EMPTY,
          ("database %s on %s exists and is not empty (%d objects); drd restores into a new or"
                  + " empty database. Name another with --into, or give --replace to restore over"
                  + " it (pg_restore --clean --if-exists)")
              .formatted(request.database(), server.describe(), state.get().userObjects()));
    }
    return new DestinationCheck(
        state.isPresent(), state.map(Databases.State::userObjects).orElse(0L));
  }

  /**
   * Stages, checks and restores. The staged archive is removed when the restore is done, or fails
   * for good; a failure the next attempt may get past keeps it for that attempt, which reuses it
   * instead of downloading it again.
   */
  @Override
  public RestoreStepResult restore(RestoreStepRequest request) {
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

  private static boolean worthRetrying(RuntimeException e) {
    if (e instanceof DrdException failure) {
      return failure.type().retryable();
    }
    return !(e instanceof io.temporal.client.ActivityCanceledException);
  }

  private RestoreStepResult restoreFrom(Path file, RestoreStepRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    ResolvedBackup backup = request.backup();
    PostgresEndpoint server = server(request.server());
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
          lease.onLoss(() -> closeQuietly(object));
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

      boolean created = prepare(server, request, earlierAttemptRestored);
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

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the download ends either way
    }
  }

  @Override
  public VerificationReport verify(VerifyRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    TargetConfig target = config.requireTarget(request.target());
    BackupManifest manifest = catalog.manifest(request.manifestKey());
    PostgresEndpoint database = server(request.server()).withDatabase(request.database());
    int tables = manifest.tables().size();
    List<SqlAssertion> assertions = new ArrayList<>(target.verify().assertions());
    assertions.addAll(request.assertions());
    AtomicInteger counted = new AtomicInteger();
    // One count(*) of a big table, or a slow assertion, can outlast the heartbeat timeout: the
    // check runs beside this thread, which keeps heartbeating.
    CompletableFuture<VerificationReport> checking =
        CompletableFuture.supplyAsync(
            () ->
                new Verifier(clock)
                    .verify(
                        database,
                        manifest.tables(),
                        assertions,
                        config.restore().jobs(),
                        n -> counted.accumulateAndGet(n, Math::max)),
            task -> Thread.ofVirtual().name("verify " + request.database()).start(task));
    VerificationReport report;
    while (true) {
      try {
        report = checking.get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException stillChecking) {
        int done = counted.get();
        activity.heartbeat(
            new RestoreHeartbeat(
                "verifying",
                0,
                done,
                tables,
                done < tables
                    ? "counted %d of %d tables".formatted(done, tables)
                    : "counted all %d tables; running the assertions".formatted(tables)));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new DrdException(
                FailureType.DATABASE_ERROR, "verification failed: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        checking.cancel(true);
        throw new DrdException(FailureType.INTERRUPTED, "the verification was interrupted", e);
      }
    }
    log.info(
        "verified {}: {} tables, {} rows, {} mismatches, {} of {} assertions failed",
        database.describe(),
        report.tablesChecked(),
        report.rowsFound(),
        report.mismatchCount(),
        report.assertionsFailed(),
        report.assertions().size());
    return report;
  }

  /**
   * Creates the database unless it exists. One that drd created for an earlier attempt of this same
   * restore (its comment says so) is dropped and made again. An existing database is restored over
   * with --clean: when --replace was given, when it is empty, or when an earlier attempt already
   * restored into it. Returns whether drd created it.
   */
  private boolean prepare(
      PostgresEndpoint server, RestoreStepRequest request, boolean earlierAttemptRestored) {
    String marker = IN_PROGRESS + request.workflowId();
    Optional<Databases.State> state = Databases.describe(server, request.database());
    if (state.isPresent() && isOurs(state.get(), request.workflowId())) {
      log.info(
          "dropping {}, left half-restored by an earlier attempt of {}",
          request.database(),
          request.workflowId());
      Databases.drop(server, request.database());
      state = Optional.empty();
    }
    if (state.isEmpty()) {
      Databases.create(server, request.database(), marker);
      return true;
    }
    if (!state.get().empty() && !request.replace() && !earlierAttemptRestored) {
      throw new DrdException(
          FailureType.TARGET_NOT_EMPTY,
          "database %s on %s is no longer empty; nothing was restored into it"
              .formatted(request.database(), server.describe()));
    }
    return false;
  }

  @Override
  public boolean discard(DiscardRequest request) {
    removeQuietly(stagingFile(request.workflowId()));
    PostgresEndpoint server = server(request.server());
    Optional<Databases.State> state = Databases.describe(server, request.database());
    if (state.isEmpty() || !isOurs(state.get(), request.workflowId())) {
      return false;
    }
    Databases.drop(server, request.database());
    log.warn(
        "dropped {} on {}: the restore {} that created it failed before it was complete",
        request.database(),
        server.describe(),
        request.workflowId());
    return true;
  }

  private static boolean isOurs(Databases.State state, String workflowId) {
    return (IN_PROGRESS + workflowId).equals(state.comment());
  }

  private PostgresEndpoint server(String name) {
    return PostgresEndpoint.of(config.requireTarget(name), secrets)
        .withDatabase(Databases.MAINTENANCE_DATABASE);
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
