package dev.drd.drill;

import dev.drd.archive.PitrRequest;
import dev.drd.archive.PitrResult;
import dev.drd.archive.PointInTimeRestoreWorkflow;
import dev.drd.failure.FailureType;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.RestoreWorkflow;
import dev.drd.restore.VerificationReport;
import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

public class RestoreDrillWorkflowImpl implements RestoreDrillWorkflow {
  private static final Logger log = Workflow.getLogger(RestoreDrillWorkflowImpl.class);
  private static final DateTimeFormatter SCRATCH_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final int MAX_TARGET_IN_NAME = 40;

  private final DrillActivities activities =
      Workflow.newActivityStub(
          DrillActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(
                  Retries.exponential(Duration.ofSeconds(2), Duration.ofMinutes(1), 10))
              .build());

  @Override
  public DrillReport run(DrillRequest request) {
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Instant stamp = request.scheduledAt() != null ? request.scheduledAt() : startedAt;
    String workflowId = Workflow.getInfo().getWorkflowId();
    if (request.at() != null) {
      return judged(pointInTime(request, workflowId), request, workflowId, startedAt, stamp);
    }
    String scratch = scratchName(request.target(), stamp);
    Attempt attempt = restore(request, scratch, workflowId);
    // Cleanup and report run even when the drill is being cancelled.
    boolean dropped = detached(() -> drop(request.server(), scratch));
    return judged(
        attempt.dropping(request.server(), scratch, dropped),
        request,
        workflowId,
        startedAt,
        stamp);
  }

  private DrillReport judged(
      Attempt attempt, DrillRequest request, String workflowId, Instant startedAt, Instant stamp) {
    DrillReport report =
        detached(() ->
            writeReport(
                new DrillOutcome(
                    request.target(),
                    workflowId,
                    startedAt,
                    stamp,
                    attempt.server(),
                    attempt.scratch(),
                    attempt.dropped(),
                    attempt.result(),
                    attempt.pointInTime(),
                    attempt.failureType(),
                    attempt.failureMessage())));
    if (attempt.cancelled()) {
      throw new CanceledFailure(
          attempt.scratch() == null
              ? "the drill was cancelled; its temporary cluster was removed"
              : "the drill was cancelled; the scratch database was dropped");
    }
    if (report == null || !report.passed()) {
      throw ApplicationFailure.newNonRetryableFailure(
          report == null ? "the drill failed: " + attempt.failureMessage() : report.summary(),
          FailureType.DRILL_FAILED.name(),
          report);
    }
    return report;
  }

  /**
   * What the child restore left: its result (also when only its verification failed), or why it
   * failed; and where it restored (no scratch database for a point-in-time drill, whose temporary
   * cluster the restore itself removes).
   */
  private record Attempt(
      RestoreResult result,
      PitrResult pointInTime,
      String failureType,
      String failureMessage,
      boolean cancelled,
      String server,
      String scratch,
      boolean dropped) {
    static Attempt failed(String type, String message, boolean cancelled, RestoreResult result) {
      return new Attempt(result, null, type, message, cancelled, null, null, true);
    }

    Attempt dropping(String server, String scratch, boolean dropped) {
      return new Attempt(
          result, pointInTime, failureType, failureMessage, cancelled, server, scratch, dropped);
    }
  }

  private static <T> T child(Class<T> type, String workflowId) {
    return Workflow.newChildWorkflowStub(
        type,
        ChildWorkflowOptions.newBuilder()
            .setMemo(WorkQueues.forChildren())
            .setWorkflowId(workflowId)
            .build());
  }

  private static Attempt pointInTime(DrillRequest request, String workflowId) {
    PointInTimeRestoreWorkflow restore =
        child(PointInTimeRestoreWorkflow.class, workflowId + "/pitr");
    try {
      PitrResult result = restore.run(PitrRequest.drill(request.target(), request.at()));
      VerificationReport verification = result.verification();
      return verification.passed()
          ? new Attempt(null, result, null, null, false, null, null, true)
          : new Attempt(
              null,
              result,
              FailureType.VERIFICATION_FAILED.name(),
              verification.problems(),
              false,
              null,
              null,
              true);
    } catch (ChildWorkflowFailure e) {
      return failure(e, null);
    } catch (CanceledFailure e) {
      return Attempt.failed("CANCELED", "the drill was cancelled", true, null);
    }
  }

  private static Attempt failure(ChildWorkflowFailure e, RestoreResult verified) {
    if (e.getCause() instanceof CanceledFailure) {
      return Attempt.failed("CANCELED", Failures.rootMessage(e), true, null);
    }
    return Attempt.failed(
        Failures.application(e)
            .map(ApplicationFailure::getType)
            .orElse(e.getCause().getClass().getSimpleName()),
        Failures.rootMessage(e),
        false,
        verified);
  }

  private static Attempt restore(DrillRequest request, String scratch, String workflowId) {
    RestoreWorkflow restore = child(RestoreWorkflow.class, workflowId + "/restore");
    try {
      return new Attempt(
          restore.run(
              new RestoreRequest(
                  request.target(),
                  request.backup() != null ? request.backup() : RestoreRequest.LATEST,
                  request.server(),
                  scratch,
                  null,
                  false,
                  true)),
          null,
          null,
          null,
          false,
          null,
          null,
          true);
    } catch (ChildWorkflowFailure e) {
      return failure(
          e,
          Failures.application(e)
              .filter(a -> FailureType.VERIFICATION_FAILED.name().equals(a.getType()))
              .filter(a -> a.getDetails().getSize() > 0)
              .map(a -> a.getDetails().get(RestoreResult.class))
              .orElse(null));
    } catch (CanceledFailure e) {
      return Attempt.failed("CANCELED", "the drill was cancelled", true, null);
    }
  }

  private boolean drop(String server, String scratch) {
    try {
      activities.dropScratch(new ScratchRequest(server, scratch));
      return true;
    } catch (ActivityFailure e) {
      log.error(
          "could not drop the scratch database {} on {}: {}; drop it by hand",
          scratch,
          server,
          Failures.rootMessage(e));
      return false;
    }
  }

  private DrillReport writeReport(DrillOutcome outcome) {
    try {
      return activities.writeReport(outcome);
    } catch (ActivityFailure e) {
      log.error("could not write the drill report: {}", Failures.rootMessage(e));
      return null;
    }
  }

  /** Runs in a scope that the drill's cancellation does not reach, and returns its value. */
  private static <T> T detached(Supplier<T> work) {
    List<T> value = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> value.add(work.get())).run();
    return value.get(0);
  }

  /** {@code drill_<target>_<yyyyMMdd_HHmmss>}, within PostgreSQL's 63-byte names. */
  static String scratchName(String target, Instant stamp) {
    String name = target.replace('-', '_');
    if (name.length() > MAX_TARGET_IN_NAME) {
      name = name.substring(0, MAX_TARGET_IN_NAME);
    }
    return "drill_" + name + "_" + SCRATCH_STAMP.format(stamp);
  }
}
