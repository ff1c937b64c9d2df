package dev.drd.drill;

import dev.drd.failure.FailureType;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.RestoreWorkflow;
import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
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
import java.util.Optional;
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
    RestoreWorkflow restore =
        Workflow.newChildWorkflowStub(
            RestoreWorkflow.class,
            ChildWorkflowOptions.newBuilder().setWorkflowId(workflowId + "/restore").build());
    RestoreResult result = null;
    String failureType = null;
    String failureMessage = null;
    boolean cancelled = false;
    try {
      result =
          restore.run(
              new RestoreRequest(
                  request.target(),
                  RestoreRequest.LATEST,
                  request.server(),
                  scratch,
                  null,
                  false,
                  true));
    } catch (ChildWorkflowFailure e) {
      cancelled = e.getCause() instanceof CanceledFailure;
      Optional<ApplicationFailure> app = Failures.application(e);
      failureType =
          cancelled
              ? "CANCELED"
              : app.map(ApplicationFailure::getType)
                  .orElse(e.getCause().getClass().getSimpleName());
      failureMessage = Failures.rootMessage(e);
      if (app.isPresent()
          && FailureType.VERIFICATION_FAILED.name().equals(app.get().getType())
          && app.get().getDetails().getSize() > 0) {
        result = app.get().getDetails().get(RestoreResult.class);
      }
    } catch (CanceledFailure e) {
      cancelled = true;
      failureType = "CANCELED";
      failureMessage = "the drill was cancelled";
    }
    DrillOutcome[] outcome = new DrillOutcome[1];
    RestoreResult restored = result;
    String type = failureType;
    String message = failureMessage;
    // Cleanup and report run even when the drill is being cancelled.
    Workflow.newDetachedCancellationScope(
            () -> {
              boolean dropped = drop(request.server(), scratch);
              outcome[0] =
                  new DrillOutcome(
                      request.target(),
                      workflowId,
                      startedAt,
                      stamp,
                      request.server(),
                      scratch,
                      dropped,
                      restored,
                      type,
                      message);
            })
        .run();
    DrillReport report = writeReport(outcome[0]);
    if (cancelled) {
      throw new CanceledFailure("the drill was cancelled; the scratch database was dropped");
    }
    if (report == null || !report.passed()) {
      throw ApplicationFailure.newNonRetryableFailure(
          report == null ? "the drill failed: " + message : report.summary(),
          FailureType.DRILL_FAILED.name(),
          report);
    }
    return report;
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
    DrillReport[] report = new DrillReport[1];
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                report[0] = activities.writeReport(outcome);
              } catch (ActivityFailure e) {
                log.error("could not write the drill report: {}", Failures.rootMessage(e));
              }
            })
        .run();
    return report[0];
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
