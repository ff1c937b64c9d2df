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
import dev.drd.storage.ObjectStore;
import dev.drd.storage.ZstdPipeline;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup's dump: the database inspected for what the manifest needs, then pg_dump of an exported
 * snapshot streamed through zstd into a multipart upload, its tables' rows counted beside it.
 */
record Dump(
    DrdConfig config,
    Secrets secrets,
    Supplier<PgTools> tools,
    ObjectStore store,
    BackupLayout layout,
    BackupMetrics metrics,
    Clock clock,
    RecoveryInProgress recoveries) {
  private static final Logger log = LoggerFactory.getLogger(Dump.class);

  DatabaseInspection inspect(InspectRequest request) {
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

  DumpResult dump(DumpRequest request) {
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
}
