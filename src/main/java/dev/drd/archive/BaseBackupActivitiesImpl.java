package dev.drd.archive;

import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.ClusterFacts;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.PgBaseBackup;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.storage.Documents;
import dev.drd.storage.MultipartUpload;
import dev.drd.storage.ObjectStore;
import dev.drd.storage.ZstdPipeline;
import dev.drd.temporal.ActivityPause;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class BaseBackupActivitiesImpl implements BaseBackupActivities {
  private static final Logger log = LoggerFactory.getLogger(BaseBackupActivitiesImpl.class);
  private static final Duration POLL = Duration.ofMillis(250);

  private final DrdConfig config;
  private final Secrets secrets;
  private final Supplier<PgTools> tools;
  private final ObjectStore store;
  private final WalLayout layout;
  private final Clock clock;

  public BaseBackupActivitiesImpl(
      DrdConfig config, Secrets secrets, Supplier<PgTools> tools, ObjectStore store, Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.tools = tools;
    this.store = store;
    this.layout = new WalLayout(config.storage().prefix());
    this.clock = clock;
  }

  @Override
  public BaseBackupTaken takeBaseBackup(BaseBackupRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    TargetConfig t = ArchivedTargets.require(config, request.target(), "a base backup");
    PostgresEndpoint sql = PostgresEndpoint.of(t, secrets).withDatabase("postgres");
    String key = layout.baseBackup(t.name(), request.timestamp(), request.runTag());
    int abandoned = store.abortIncompleteUploads(key);
    if (abandoned > 0) {
      log.info("base backup {}: aborted {} upload(s) an earlier attempt left", key, abandoned);
    }
    ClusterFacts.Identity server = ClusterFacts.identity(sql, "drd base backup");
    Instant started = clock.instant();
    AtomicLong read = new AtomicLong();
    AtomicReference<String> doing = new AtomicReference<>("starting pg_basebackup");
    AttemptLease lease =
        AttemptLease.hold(
            activity,
            () ->
                Map.of(
                    "summary",
                    "%s: %s of about %s read from pg_basebackup"
                        .formatted(
                            doing.get(),
                            DataSize.format(read.get()),
                            DataSize.format(server.sizeBytes()))));
    try (lease;
        PgBaseBackup pg =
            PgBaseBackup.start(
                tools.get(),
                PostgresEndpoint.of(t.name(), t.archiveConnection(), secrets),
                "drd " + key,
                "drd base backup " + t.name());
        MultipartUpload upload =
            store.startUpload(key, "application/zstd", store.planUpload(server.sizeBytes()))) {
      lease.onLoss(pg::close);
      doing.set("streaming the data directory");
      ZstdPipeline.Streamed streamed;
      try {
        streamed =
            new ZstdPipeline(
                    3, Runtime.getRuntime().availableProcessors(), 0, new byte[0], "pg_basebackup")
                .stream(pg.output(), upload, p -> read.set(p.dumpBytes()));
      } catch (IOException | RuntimeException e) {
        lease.rethrowIfLost();
        throw pg.failureIfExited().orElseGet(() -> ZstdPipeline.failure(e, key));
      }
      doing.set("waiting for the server to end the backup");
      PgBaseBackup.WalRange wal = pg.finish();
      lease.rethrowIfLost();
      doing.set("completing the upload");
      long bytes = upload.complete();
      log.info(
          "base backup of {} ({} → {} zstd) into {} in {}: WAL {} to {} on timeline {}",
          t.name(),
          DataSize.format(streamed.dumpBytes()),
          DataSize.format(bytes),
          key,
          Durations.format(Duration.between(started, clock.instant())),
          wal.startLsn(),
          wal.stopLsn(),
          wal.timeline());
      return new BaseBackupTaken(
          key,
          bytes,
          streamed.dumpBytes(),
          streamed.sha256(),
          wal.startLsn(),
          wal.stopLsn(),
          wal.timeline(),
          server.systemId(),
          server.version(),
          started,
          clock.instant());
    } catch (IOException e) {
      lease.rethrowIfLost();
      throw ZstdPipeline.failure(e, key);
    } catch (RuntimeException e) {
      lease.rethrowIfLost();
      throw e;
    }
  }

  @Override
  public BaseBackupManifest completeBaseBackup(BaseBackupCompletion completion) {
    BaseBackupTaken taken = completion.taken();
    TargetConfig t =
        ArchivedTargets.require(config, completion.request().target(), "a base backup");
    long stop = Lsn.parse(taken.stopLsn());
    Instant deadline = clock.instant().plus(completion.request().walWait());
    AtomicReference<String> reached = new AtomicReference<>("nothing yet");
    try (AttemptLease lease =
        AttemptLease.hold(
            Activity.getExecutionContext(),
            () ->
                Map.of(
                    "summary",
                    "waiting for the archive to hold WAL up to %s (it reaches %s)"
                        .formatted(taken.stopLsn(), reached.get())))) {
      while (true) {
        Optional<ArchiveStatus> status =
            ArchiveStatus.read(store, config.storage().prefix(), t.name());
        String archived = status.map(ArchiveStatus::archivedLsn).orElse(null);
        if (archived != null) {
          reached.set(archived);
          if (status.get().timeline() == taken.timeline() && Lsn.parse(archived) >= stop) {
            break;
          }
        }
        if (clock.instant().isAfter(deadline)) {
          throw new DrdException(
              FailureType.WAL_NOT_ARCHIVED,
              ("the archive of %s reaches %s, not the end of base backup %s (%s on timeline %d),"
                      + " after waiting %s: is its archiver streaming? See drd archive status"
                      + " --target %s. The tar stays without manifest and is never used")
                  .formatted(
                      t.name(),
                      reached.get(),
                      taken.key(),
                      taken.stopLsn(),
                      taken.timeline(),
                      Durations.format(completion.request().walWait()),
                      t.name()));
        }
        lease.rethrowIfLost();
        ActivityPause.of(POLL);
      }
    }
    String manifestKey = WalLayout.manifestOf(taken.key());
    BaseBackupManifest manifest =
        BaseBackupManifest.of(
            taken,
            t.name(),
            manifestKey,
            clock.instant(),
            Activity.getExecutionContext().getInfo().getWorkflowId());
    store.put(manifestKey, Documents.toJson(manifest), "application/json");
    return manifest;
  }

  @Override
  public ArchivePruned pruneArchive(String target) {
    TargetConfig t = ArchivedTargets.require(config, target, "the archive's retention");
    String prefix = config.storage().prefix();
    long segmentSize =
        ArchiveStatus.read(store, prefix, t.name())
            .map(ArchiveStatus::segmentSize)
            .orElseThrow(() ->
                new DrdException(
                    FailureType.STORAGE_FAILED,
                    "the archive of %s has no status yet: nothing to prune".formatted(t.name())));
    ArchivePruned pruned =
        new ArchiveRetention(store, prefix)
            .apply(t.name(), t.archive().recoveryWindow(), segmentSize, clock.instant());
    log.info(
        "archive retention of {} (window {}, from {}): removed {} base backup(s) and {} WAL"
            + " object(s), {}; the archive starts at {}",
        t.name(),
        Durations.format(t.archive().recoveryWindow()),
        pruned.windowFrom(),
        pruned.baseBackupsRemoved(),
        pruned.segmentsRemoved(),
        DataSize.format(pruned.bytesRemoved()),
        pruned.keptFrom());
    return pruned;
  }
}
