package dev.drd.backup;

import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.DatabaseFacts;
import dev.drd.postgres.DatabaseInspector;
import dev.drd.postgres.ExportedSnapshot;
import dev.drd.postgres.LockWaits;
import dev.drd.postgres.PgDump;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.SessionTag;
import dev.drd.postgres.Sessions;
import dev.drd.postgres.TableRows;
import dev.drd.postgres.TargetLock;
import dev.drd.storage.Documents;
import dev.drd.storage.MultipartUpload;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import dev.drd.storage.PendingUpload;
import dev.drd.storage.ZstdPipeline;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class BackupActivitiesImpl implements BackupActivities {
  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);
  private static final Duration INCOMPLETE_GRACE = Duration.ofDays(1);

  private final DrdConfig config;
  private final Secrets secrets;
  private final Supplier<PgTools> tools;
  private final ObjectStore store;
  private final BackupLayout layout;
  private final BackupCatalog catalog;
  private final BackupMetrics metrics;
  private final VerifiedBackups verified;
  private final Clock clock;
  private final RecoveryInProgress recoveries;

  /**
   * @param recoveries which corruption recovery runs: a backup is refused while one runs
   */
  public BackupActivitiesImpl(
      DrdConfig config,
      Secrets secrets,
      Supplier<PgTools> tools,
      ObjectStore store,
      BackupMetrics metrics,
      VerifiedBackups verified,
      Clock clock,
      RecoveryInProgress recoveries) {
    this.config = config;
    this.recoveries = recoveries;
    this.verified = verified;
    this.secrets = secrets;
    this.tools = tools;
    this.store = store;
    this.layout = new BackupLayout(config.storage().prefix());
    this.catalog = new BackupCatalog(store, layout);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public DatabaseInspection inspect(InspectRequest request) {
    TargetConfig target = config.requireTarget(request.target());
    refuseDuringRecovery(target.name());
    PostgresEndpoint endpoint = PostgresEndpoint.of(target, secrets);
    DatabaseFacts facts = DatabaseInspector.inspect(endpoint);
    tools.get().requireDumpCanRead(facts.serverMajor(), endpoint.describe());
    DumpMemory.ofThisProcess(config)
        .requireFits(store.planUpload(facts.sizeBytes()), target.name(), facts.sizeBytes());
    return new DatabaseInspection(
        target.name(),
        target.database(),
        facts.serverVersion(),
        facts.serverVersionNum(),
        facts.sizeBytes(),
        facts.lsn(),
        facts.tables().size(),
        facts.tables().stream().mapToLong(TableRows::rows).sum(),
        request.runTag() == null
            ? layout.keys(target.name(), request.timestamp())
            : layout.keys(target.name(), request.timestamp(), request.runTag()));
  }

  @Override
  public DumpResult dump(DumpRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    TargetConfig target = config.requireTarget(request.target());
    refuseDuringRecovery(target.name());
    PostgresEndpoint endpoint = PostgresEndpoint.of(target, secrets);
    SessionTag tag = new SessionTag(activity.getInfo().getWorkflowId());
    endWhatEarlierAttemptsLeft(activity, endpoint, tag, request.dumpKey());
    PgTools pg = tools.get();
    ZstdPipeline pipeline =
        new ZstdPipeline(
            target.backup().compressionLevel(),
            Runtime.getRuntime().availableProcessors(),
            Optional.ofNullable(target.backup().maxRate()).map(DataSize::bytes).orElse(0L),
            ZstdPipeline.PG_DUMP_MAGIC,
            "pg_dump");
    Instant started = clock.instant();
    long startedNanos = System.nanoTime();
    DumpProgress progress =
        new DumpProgress(
            request.databaseSizeBytes(),
            () -> LockWaits.of(endpoint, tag.applicationName("snapshot")));
    AttemptLease lease = AttemptLease.hold(activity, progress::details);
    // A session waiting on a lock never reads its socket: only the server can end it.
    lease.onLoss(() -> Sessions.terminateNamed(endpoint, tag.prefix()));
    try (lease;
        TargetLock turn =
            BackupTurn.take(
                endpoint,
                tag,
                target.name(),
                target.backup().buffersOverlap(),
                metrics,
                progress::waitingForTurn);
        ExportedSnapshot snapshot =
            ExportedSnapshot.export(endpoint, tag.applicationName("snapshot"));
        PgDump pgDump = PgDump.start(pg, endpoint, snapshot.id(), tag.applicationName("dump"));
        MultipartUpload upload =
            store.startUpload(
                request.dumpKey(),
                "application/zstd",
                store.planUpload(request.databaseSizeBytes()))) {
      lease.onLoss(pgDump::close);
      progress.streaming(upload, pgDump);
      CompletableFuture<List<TableRows>> counting = snapshot.countRowsInBackground();
      ZstdPipeline.Streamed streamed;
      try {
        streamed = pipeline.stream(pgDump.output(), upload, p -> progress.read(p.dumpBytes()));
      } catch (IOException | RuntimeException e) {
        lease.rethrowIfLost();
        throw pgDump.failureIfExited().orElseGet(() -> ZstdPipeline.failure(e, request.dumpKey()));
      }
      long streamedAt = System.nanoTime();
      pgDump.finish();
      List<TableRows> rows = await(counting);
      long countedAt = System.nanoTime();
      lease.rethrowIfLost();
      String tablesKey = BackupLayout.tablesKeyOf(request.dumpKey());
      store.put(
          tablesKey,
          Documents.toJson(new DumpedTables(request.dumpKey(), rows)),
          "application/json");
      long bytes = upload.complete();
      log.info(
          "dumped {} ({} → {} zstd) into {} in {} (streaming {}, then waiting for row counts {}, completing {})",
          endpoint.describe(),
          DataSize.format(streamed.dumpBytes()),
          DataSize.format(bytes),
          request.dumpKey(),
          since(started),
          Durations.format(Duration.ofNanos(streamedAt - startedNanos)),
          Durations.format(Duration.ofNanos(countedAt - streamedAt)),
          Durations.format(Duration.ofNanos(System.nanoTime() - countedAt)));
      return new DumpResult(
          request.dumpKey(),
          bytes,
          streamed.dumpBytes(),
          streamed.sha256(),
          "zstd",
          pg.majorVersion("pg_dump"),
          snapshot.lsn(),
          null,
          started,
          clock.instant(),
          tablesKey,
          rows.size(),
          rows.stream().mapToLong(TableRows::rows).sum());
    } catch (IOException e) {
      lease.rethrowIfLost();
      throw ZstdPipeline.failure(e, request.dumpKey());
    } catch (RuntimeException e) {
      lease.rethrowIfLost(); // what the lost lease's releases broke is not the failure to report
      throw e;
    }
  }

  /**
   * A backup reads the database a running corruption recovery replaces: its snapshot would wait on
   * the restore's locks and the restore on the snapshot, a deadlock PostgreSQL cannot see.
   */
  private void refuseDuringRecovery(String target) {
    Optional<String> running = recoveries.of(target);
    if (running.isPresent()) {
      String recovery = running.get();
      throw new DrdException(
          FailureType.BACKUP_REFUSED,
          ("a backup of %s is refused while the corruption recovery %s replaces its database (a"
                  + " dump would deadlock with its restore). Back it up once the recovery ends:"
                  + " drd recover status %s")
              .formatted(target, recovery, recovery));
    }
  }

  @Override
  public ManifestResult writeManifest(ManifestRequest request) {
    DatabaseInspection db = request.inspection();
    DumpResult dump = request.dump();
    ObjectInfo stored =
        store
            .stat(dump.dumpKey())
            .orElseThrow(() ->
                new DrdException(
                    FailureType.STORAGE_OBJECT_MISSING,
                    "the dump %s is gone from the bucket before its manifest was written; the backup must run again"
                        .formatted(dump.dumpKey())));
    if (stored.size() != dump.bytes()) {
      throw new DrdException(
          FailureType.STORAGE_FAILED,
          "the dump %s holds %d bytes, the upload counted %d"
              .formatted(dump.dumpKey(), stored.size(), dump.bytes()));
    }
    List<TableRows> tables = dump.tables() != null ? dump.tables() : dumpedTables(db, dump);
    Instant finished = clock.instant();
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT_VERSION,
            db.target(),
            db.database(),
            dump.dumpKey(),
            request.workflowId(),
            dump.sha256(),
            dump.bytes(),
            dump.dumpBytes(),
            dump.compression(),
            "pg_dump custom",
            db.serverVersion(),
            db.serverVersionNum(),
            dump.pgDumpMajor(),
            db.sizeBytes(),
            dump.lsn(),
            request.startedAt(),
            finished,
            tables);
    store.put(db.keys().manifest(), manifest.toJson(), "application/json");
    if (dump.tablesKey() != null) {
      store.delete(dump.tablesKey());
    }
    metrics.succeeded(
        db.target(),
        Duration.between(request.startedAt(), finished),
        dump.bytes(),
        dump.dumpBytes(),
        finished);
    return new ManifestResult(db.keys().manifest(), finished);
  }

  /**
   * The row counts the dump left in the bucket; or, when a retry finds them gone, those of the
   * manifest that an earlier attempt wrote before it deleted them.
   */
  private List<TableRows> dumpedTables(DatabaseInspection db, DumpResult dump) {
    if (store.stat(dump.tablesKey()).isPresent()) {
      return Documents.read(store, dump.tablesKey(), DumpedTables.class).tables();
    }
    return store
        .stat(db.keys().manifest())
        .map(m -> Documents.read(store, db.keys().manifest(), BackupManifest.class))
        .filter(m -> dump.dumpKey().equals(m.key()) && dump.sha256().equals(m.sha256()))
        .map(BackupManifest::tables)
        .orElseThrow(() ->
            new DrdException(
                FailureType.STORAGE_OBJECT_MISSING,
                "the row counts of %s (%s) are gone from the bucket before its manifest was written; the backup must run again"
                    .formatted(dump.dumpKey(), dump.tablesKey())));
  }

  @Override
  public RetentionResult applyRetention(RetentionRequest request) {
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

  @Override
  public DiscardResult discard(DiscardRequest request) {
    BackupKeys keys = request.keys();
    int aborted = store.abortIncompleteUploads(keys.dump());
    boolean existed = store.stat(keys.dump()).isPresent();
    store.delete(keys.manifest());
    store.delete(BackupLayout.tablesKeyOf(keys.dump()));
    store.delete(keys.dump());
    log.warn(
        "discarded what a failed backup left at {} ({} incomplete uploads aborted, dump {})",
        keys.dump(),
        aborted,
        existed ? "deleted" : "never written");
    return new DiscardResult(aborted, existed);
  }

  private static List<TableRows> await(CompletableFuture<List<TableRows>> counting) {
    try {
      return counting.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof DrdException d
          ? d
          : new DrdException(
              FailureType.DATABASE_ERROR, "counting rows failed: " + e.getCause(), e);
    }
  }

  private String since(Instant started) {
    return Durations.format(Duration.between(started, clock.instant()));
  }

  /**
   * An earlier attempt of this workflow may still run in a worker that lost its lease: its sessions
   * (and their locks) and its pg_dump are ended before this one starts, and so are its uploads,
   * which only this workflow run's key can name.
   */
  private void endWhatEarlierAttemptsLeft(
      ActivityExecutionContext activity, PostgresEndpoint endpoint, SessionTag tag, String key) {
    Sessions.endLeftBy(endpoint, tag);
    activity
        .getHeartbeatDetails(DumpHeartbeat.class)
        .filter(earlier -> earlier.uploadId() != null)
        .ifPresent(earlier -> {
          log.info("aborting upload {} of {} left by an earlier attempt", earlier.uploadId(), key);
          store.abortUpload(key, earlier.uploadId());
        });
    int others = store.abortIncompleteUploads(key);
    if (others > 0) {
      log.info("aborted {} incomplete upload(s) of {} left by an earlier attempt", others, key);
    }
  }

  /** The dump's progress, as the lease's heartbeat details. */
  private static final class DumpProgress {
    private final long databaseSize;
    private final Supplier<Optional<String>> lockWait;
    private volatile MultipartUpload upload;
    private volatile PgDump pgDump;
    private volatile long dumpBytes;
    private volatile String waitingForTurn;

    /**
     * @param lockWait what the snapshot's session waits on before the dump starts
     */
    DumpProgress(long databaseSize, Supplier<Optional<String>> lockWait) {
      this.databaseSize = databaseSize;
      this.lockWait = lockWait;
    }

    void waitingForTurn(String behind) {
      waitingForTurn = behind;
    }

    void streaming(MultipartUpload upload, PgDump pgDump) {
      this.upload = upload;
      this.pgDump = pgDump;
    }

    void read(long bytes) {
      dumpBytes = bytes;
    }

    DumpHeartbeat details() {
      MultipartUpload u = upload;
      PgDump p = pgDump;
      String turn = waitingForTurn;
      if (turn != null) {
        return new DumpHeartbeat(null, 0, 0, "", turn);
      }
      if (u == null || p == null) {
        return new DumpHeartbeat(
            null,
            0,
            0,
            "",
            lockWait
                .get()
                .map(wait -> "snapshot " + wait)
                .orElse("taking the backup lock and the snapshot's table locks"));
      }
      String summary =
          "%s read from pg_dump (database %s), %s uploaded%s"
              .formatted(
                  DataSize.format(dumpBytes),
                  DataSize.format(databaseSize),
                  DataSize.format(u.bytesUploaded()),
                  p.currentObject().isEmpty() ? "" : ", at " + p.currentObject());
      return new DumpHeartbeat(
          u.uploadId(), dumpBytes, u.bytesUploaded(), p.currentObject(), summary);
    }
  }
}
