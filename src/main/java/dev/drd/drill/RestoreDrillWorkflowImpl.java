package dev.drd.drill;

import dev.drd.failure.FailureType;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.RestoreWorkflow;
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
import java.util.Optional;
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
    String scratch = scratchName(request.target(), stamp);
    Attempt attempt = restore(request, scratch, workflowId);
    // Cleanup and report run even when the drill is being cancelled.
    boolean dropped = detached(() -> drop(request.server(), scratch));
    DrillReport report =
        detached(() ->
            writeReport(
                new DrillOutcome(
                    request.target(),
                    workflowId,
                    startedAt,
                    stamp,
                    request.server(),
                    scratch,
                    dropped,
                    attempt.result(),
                    attempt.failureType(),
                    attempt.failureMessage())));
    if (attempt.cancelled()) {
      throw new CanceledFailure("the drill was cancelled; the scratch database was dropped");
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
   * failed.
   */
  private record Attempt(
      RestoreResult result, String failureType, String failureMessage, boolean cancelled) {}

  private static Attempt restore(DrillRequest request, String scratch, String workflowId) {
    RestoreWorkflow restore =
        Workflow.newChildWorkflowStub(
            RestoreWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setMemo(WorkQueues.forChildren())
                .setWorkflowId(workflowId + "/restore")
                .build());
    try {
      return new Attempt(
          restore.run(
              new RestoreRequest(
                  request.target(),
                  RestoreRequest.LATEST,
                  request.server(),
                  scratch,
                  null,
                  false,
                  true)),
          null,
          null,
          false);
    } catch (ChildWorkflowFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        return new Attempt(null, "CANCELED", Failures.rootMessage(e), true);
      }
      Optional<ApplicationFailure> app = Failures.application(e);
      RestoreResult verified =
          app.filter(a -> FailureType.VERIFICATION_FAILED.name().equals(a.getType()))
              .filter(a -> a.getDetails().getSize() > 0)
              .map(a -> a.getDetails().get(RestoreResult.class))
              .orElse(null);
      return new Attempt(
          verified,
          app.map(ApplicationFailure::getType).orElse(e.getCause().getClass().getSimpleName()),
          Failures.rootMessage(e),
          false);
    } catch (CanceledFailure e) {
      return new Attempt(null, "CANCELED", "the drill was cancelled", true);
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
