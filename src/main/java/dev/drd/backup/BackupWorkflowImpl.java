package dev.drd.backup;

import dev.drd.config.Durations;
import dev.drd.failure.FailureType;
import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;

public class BackupWorkflowImpl implements BackupWorkflow {
  private static final Logger log = Workflow.getLogger(BackupWorkflowImpl.class);

  private final BackupActivities quick =
      Workflow.newActivityStub(
          BackupActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  Retries.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 5))
              .build());

  private final BackupActivities housekeeping =
      Workflow.newActivityStub(
          BackupActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
              .setStartToCloseTimeout(Duration.ofMinutes(15))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setRetryOptions(Retries.exponential(Duration.ofSeconds(5), Duration.ofMinutes(1), 3))
              .build());

  private BackupProgress progress = new BackupProgress(BackupPhase.PENDING, null, null, null);

  @Override
  public BackupResult run(BackupRequest request) {
    if (request.startDelay() != null && request.startDelay().compareTo(Duration.ZERO) > 0) {
      progress = new BackupProgress(BackupPhase.PENDING, request.target(), null, null);
      Workflow.sleep(request.startDelay()); // backup.jitter: spreads a fleet's fire times
    }
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Instant stamp = request.scheduledAt() != null ? request.scheduledAt() : startedAt;
    String target = request.target();
    BackupKeys keys = null;
    try {
      progress = new BackupProgress(BackupPhase.INSPECTING, target, null, startedAt);
      DatabaseInspection inspection =
          quick.inspect(
              new InspectRequest(
                  target,
                  stamp.truncatedTo(ChronoUnit.SECONDS),
                  Workflow.getInfo().getRunId().substring(0, 8)));
      keys = inspection.keys();

      progress = new BackupProgress(BackupPhase.DUMPING, target, keys.dump(), startedAt);
      DumpResult dump;
      try {
        dump =
            dumping(request.dumpTimeout())
                .dump(new DumpRequest(target, keys.dump(), inspection.sizeBytes()));
      } catch (ActivityFailure e) {
        if (!Failures.application(e)
            .map(a -> FailureType.BACKUP_ALREADY_RUNNING.name().equals(a.getType()))
            .orElse(false)) {
          throw e;
        }
        String why = Failures.rootMessage(e);
        log.warn("backup {} skipped: {}", Workflow.getInfo().getWorkflowId(), why);
        progress = new BackupProgress(BackupPhase.SKIPPED, target, null, startedAt);
        return BackupResult.skipped(
            target, Instant.ofEpochMilli(Workflow.currentTimeMillis()), why);
      }

      progress = new BackupProgress(BackupPhase.WRITING_MANIFEST, target, keys.dump(), startedAt);
      ManifestResult manifest =
          quick.writeManifest(
              new ManifestRequest(Workflow.getInfo().getWorkflowId(), inspection, dump, startedAt));

      progress = new BackupProgress(BackupPhase.APPLYING_RETENTION, target, keys.dump(), startedAt);
      RetentionResult retention = null;
      String retentionError = null;
      try {
        retention = housekeeping.applyRetention(new RetentionRequest(target));
      } catch (ActivityFailure e) {
        retentionError = Failures.rootMessage(e);
        log.warn("backup {} is complete, but retention failed: {}", keys.dump(), retentionError);
      }

      progress = new BackupProgress(BackupPhase.COMPLETED, target, keys.dump(), startedAt);
      return new BackupResult(
          target,
          keys.dump(),
          manifest.manifestKey(),
          dump.bytes(),
          dump.dumpBytes(),
          dump.sha256(),
          dump.compression(),
          dump.lsn(),
          dump.tablesDumped(),
          dump.rowsDumped(),
          startedAt,
          manifest.finishedAt(),
          retention,
          retentionError,
          "COMPLETED",
          null);
    } catch (ActivityFailure | CanceledFailure e) {
      boolean dumpTimedOut = progress.phase() == BackupPhase.DUMPING && timedOut(e);
      if (keys != null) {
        discard(keys);
      }
      progress =
          new BackupProgress(
              BackupPhase.FAILED, target, keys == null ? null : keys.dump(), startedAt);
      if (dumpTimedOut) {
        throw ApplicationFailure.newNonRetryableFailure(
            ("the dump of %s did not finish within backup.timeout (%s), in any of its attempts;"
                    + " nothing was kept. Raise backup.timeout for this target (or lift"
                    + " backup.maxRate), then run it again")
                .formatted(target, Durations.format(request.dumpTimeout())),
            FailureType.DUMP_TIMED_OUT.name());
      }
      throw e;
    }
  }

  @Override
  public BackupProgress progress() {
    return progress;
  }

  /** Runs even when the workflow is being cancelled, so nothing half-written stays behind. */
  private void discard(BackupKeys keys) {
    progress =
        new BackupProgress(
            BackupPhase.DISCARDING, progress.target(), keys.dump(), progress.startedAt());
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                quick.discard(new DiscardRequest(keys));
              } catch (ActivityFailure e) {
                log.error(
                    "could not remove what the failed backup left at {}: {}",
                    keys.dump(),
                    Failures.rootMessage(e));
              }
            })
        .run();
  }

  private static boolean timedOut(Exception e) {
    return e.getCause() instanceof TimeoutFailure t
        && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE;
  }

  private static BackupActivities dumping(Duration timeout) {
    return Workflow.newActivityStub(
        BackupActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
            .setStartToCloseTimeout(timeout)
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(Retries.exponential(Duration.ofSeconds(10), Duration.ofMinutes(2), 4))
            .build());
  }
}
