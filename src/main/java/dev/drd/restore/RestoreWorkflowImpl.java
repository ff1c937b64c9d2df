package dev.drd.restore;

import dev.drd.failure.FailureType;
import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

public class RestoreWorkflowImpl implements RestoreWorkflow {
  private static final Logger log = Workflow.getLogger(RestoreWorkflowImpl.class);

  private final RestoreActivities quick =
      Workflow.newActivityStub(
          RestoreActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  Retries.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 5))
              .build());

  /** Long steps: a dead worker is noticed by its missing heartbeats, not by the overall cap. */
  private final RestoreActivities heavy =
      Workflow.newActivityStub(
          RestoreActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
              .setStartToCloseTimeout(Duration.ofHours(24))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
              .setRetryOptions(
                  Retries.exponential(Duration.ofSeconds(10), Duration.ofMinutes(2), 3))
              .build());

  private RestoreProgress progress =
      new RestoreProgress(RestorePhase.PENDING, null, null, null, null);

  @Override
  public RestoreResult run(RestoreRequest request) {
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String target = request.target();
    String database = request.database();
    ResolvedBackup backup = null;
    try {
      progress =
          new RestoreProgress(RestorePhase.RESOLVING_BACKUP, target, null, database, startedAt);
      backup = quick.resolve(new ResolveRequest(target, request.backup()));

      phase(RestorePhase.CHECKING_DESTINATION, backup);
      quick.checkDestination(new DestinationRequest(request.server(), database, request.replace()));

      phase(RestorePhase.RESTORING, backup);
      RestoreStepResult restored =
          heavy.restore(
              new RestoreStepRequest(
                  Workflow.getInfo().getWorkflowId(),
                  backup,
                  request.server(),
                  database,
                  request.jobs(),
                  request.replace(),
                  request.noOwner()));

      phase(RestorePhase.VERIFYING, backup);
      VerificationReport report =
          heavy.verify(
              new VerifyRequest(
                  target, request.server(), database, backup.manifestKey(), request.assertions()));

      RestoreResult result =
          new RestoreResult(
              target,
              backup.key(),
              backup.takenAt(),
              request.server(),
              database,
              backup.sha256(),
              backup.bytes(),
              backup.dumpBytes(),
              restored.jobs(),
              startedAt,
              restored.downloadStartedAt(),
              restored.checksumVerifiedAt(),
              restored.restoredAt(),
              report.finishedAt(),
              Duration.between(restored.downloadStartedAt(), report.finishedAt()),
              Duration.between(backup.takenAt(), startedAt),
              report);
      if (!report.passed()) {
        phase(RestorePhase.FAILED, backup);
        throw ApplicationFailure.newNonRetryableFailure(
            "the restore of %s into %s does not match the backup: %s"
                .formatted(backup.key(), database, report.problems()),
            FailureType.VERIFICATION_FAILED.name(),
            result);
      }
      phase(RestorePhase.COMPLETED, backup);
      return result;
    } catch (ActivityFailure | CanceledFailure e) {
      if (progress.phase() == RestorePhase.RESTORING) {
        discard(request);
      }
      phase(RestorePhase.FAILED, backup);
      throw e;
    }
  }

  @Override
  public RestoreProgress progress() {
    return progress;
  }

  /** Runs even when the workflow is being cancelled: no half-restored database stays behind. */
  private void discard(RestoreRequest request) {
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                quick.discard(
                    new DiscardRequest(
                        Workflow.getInfo().getWorkflowId(), request.server(), request.database()));
              } catch (ActivityFailure e) {
                log.error(
                    "could not drop the half-restored database {}: {}",
                    request.database(),
                    Failures.rootMessage(e));
              }
            })
        .run();
  }

  private void phase(RestorePhase phase, ResolvedBackup backup) {
    progress =
        new RestoreProgress(
            phase,
            progress.target(),
            backup == null ? null : backup.key(),
            progress.database(),
            progress.startedAt());
  }
}
