package dev.drd.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Follows a workflow to its end, telling a human on stderr what it is doing. */
final class WorkflowWatch {

  /** How a workflow ended: its result, or what failed. */
  record Outcome(String status, JsonNode result, FailureSummary failure) {
    boolean succeeded() {
      return failure == null;
    }
  }

  /**
   * The innermost failure: its type (a FailureType name, or TIMEOUT, CANCELED...), message, and the
   * details a runbook attached (a verification report, a drill report), null when none.
   */
  record FailureSummary(String type, String message, JsonNode details) {
    FailureSummary(String type, String message) {
      this(type, message, null);
    }
  }

  /**
   * A step in flight, as Temporal describes it: an activity, or a child workflow (then {@code
   * summary} names it); an activity's {@code summary} comes from its heartbeats.
   */
  record Step(String activity, int attempt, String summary, String lastFailure) {
    @JsonProperty("description")
    String description() {
      return StepWords.of(activity);
    }

    String describe() {
      StringBuilder line = new StringBuilder(description());
      if (attempt > 1) {
        line.append(" (attempt ").append(attempt).append(')');
      }
      if (summary != null) {
        line.append(": ").append(summary);
      }
      if (lastFailure != null && !lastFailure.isEmpty()) {
        line.append(" — last attempt failed: ").append(lastFailure);
      }
      return line.toString();
    }
  }

  private WorkflowWatch() {}

  static Outcome await(ClientSession session, WorkflowExecution execution, PrintWriter err) {
    WorkflowStub stub =
        session
            .client()
            .newUntypedWorkflowStub(
                execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty());
    CompletableFuture<JsonNode> result = stub.getResultAsync(JsonNode.class);
    ProgressReporter progress = new ProgressReporter(err, session.config().temporal());
    while (true) {
      try {
        return new Outcome("COMPLETED", result.get(1, TimeUnit.SECONDS), null);
      } catch (TimeoutException stillRunning) {
        progress.observe(session.describe(execution));
      } catch (ExecutionException e) {
        FailureSummary failure = summarize(e.getCause());
        return new Outcome(statusOf(e.getCause()), null, failure);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for " + execution.getWorkflowId(), e);
      }
    }
  }

  static List<Step> steps(DescribeWorkflowExecutionResponse description) {
    List<Step> steps = new ArrayList<>();
    for (PendingActivityInfo activity : description.getPendingActivitiesList()) {
      String summary = null;
      if (activity.hasHeartbeatDetails() && activity.getHeartbeatDetails().getPayloadsCount() > 0) {
        JsonNode details =
            DefaultDataConverter.newDefaultInstance()
                .fromPayloads(
                    0, Optional.of(activity.getHeartbeatDetails()), JsonNode.class, JsonNode.class);
        summary =
            details != null && details.hasNonNull("summary")
                ? details.get("summary").asText()
                : null;
      }
      steps.add(
          new Step(
              activity.getActivityType().getName(),
              activity.getAttempt(),
              summary,
              activity.hasLastFailure() ? activity.getLastFailure().getMessage() : null));
    }
    for (PendingChildExecutionInfo child : description.getPendingChildrenList()) {
      steps.add(
          new Step(
              child.getWorkflowTypeName(),
              1,
              "drd status %s shows its progress".formatted(child.getWorkflowId()),
              null));
    }
    return steps;
  }

  static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  static FailureSummary summarize(Throwable e) {
    Throwable t = e instanceof WorkflowFailedException ? e.getCause() : e;
    while (t != null && t.getCause() != null && !(t instanceof ApplicationFailure)) {
      t = t.getCause();
    }
    if (t instanceof ApplicationFailure app) {
      JsonNode details =
          app.getDetails().getSize() > 0 ? app.getDetails().get(JsonNode.class) : null;
      return new FailureSummary(app.getType(), app.getOriginalMessage(), details);
    }
    if (t instanceof TimeoutFailure timeout) {
      return new FailureSummary("TIMEOUT", "timed out (" + timeout.getTimeoutType() + ")");
    }
    if (t instanceof CanceledFailure) {
      return new FailureSummary("CANCELED", "cancelled");
    }
    if (t instanceof TerminatedFailure terminated) {
      return new FailureSummary("TERMINATED", "terminated: " + terminated.getOriginalMessage());
    }
    if (t instanceof TemporalFailure failure) {
      return new FailureSummary(failure.getClass().getSimpleName(), failure.getOriginalMessage());
    }
    return new FailureSummary("ERROR", t == null ? String.valueOf(e) : t.getMessage());
  }

  private static String statusOf(Throwable e) {
    if (e instanceof WorkflowFailedException failed) {
      return failed
          .getWorkflowCloseEventType()
          .name()
          .replace("EVENT_TYPE_WORKFLOW_EXECUTION_", "");
    }
    return "FAILED";
  }
}
