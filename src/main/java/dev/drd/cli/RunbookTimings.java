package dev.drd.cli;

import com.google.protobuf.Timestamp;
import dev.drd.config.Durations;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a finished runbook's time went, from its history: the steps' own work (activities and child
 * workflows such as a recovery's restore, from start to end), waiting for people (approval,
 * decisions), and the rest, which is drd's and Temporal's orchestration overhead.
 */
record RunbookTimings(
    Duration total, Duration steps, Duration waitedForPeople, Duration orchestration) {

  static RunbookTimings of(WorkflowExecutionHistory history, Duration waitedForPeople) {
    List<HistoryEvent> events = history.getEvents();
    Map<Long, Instant> activityStarts = new HashMap<>();
    Duration steps = Duration.ZERO;
    for (HistoryEvent e : events) {
      Instant at = instant(e.getEventTime());
      if (e.hasActivityTaskStartedEventAttributes()
          || e.hasChildWorkflowExecutionStartedEventAttributes()) {
        activityStarts.put(e.getEventId(), at);
      }
      Instant start = activityStarts.get(startedEventIdOfClose(e));
      if (start != null) {
        steps = steps.plus(Duration.between(start, at));
      }
    }
    Duration total =
        Duration.between(
            instant(events.getFirst().getEventTime()), instant(events.getLast().getEventTime()));
    return new RunbookTimings(
        total, steps, waitedForPeople, total.minus(steps).minus(waitedForPeople));
  }

  String describe() {
    return "%s in all: steps %s, waiting for people %s, orchestration %s"
        .formatted(
            Durations.format(total),
            Durations.format(steps),
            Durations.format(waitedForPeople),
            Durations.format(orchestration));
  }

  /**
   * The started event that an activity's or a child workflow's completion, failure or timeout (or a
   * child's cancellation or termination) closes; 0 for other events.
   */
  private static long startedEventIdOfClose(HistoryEvent e) {
    if (e.hasActivityTaskCompletedEventAttributes()) {
      return e.getActivityTaskCompletedEventAttributes().getStartedEventId();
    }
    if (e.hasActivityTaskFailedEventAttributes()) {
      return e.getActivityTaskFailedEventAttributes().getStartedEventId();
    }
    if (e.hasActivityTaskTimedOutEventAttributes()) {
      return e.getActivityTaskTimedOutEventAttributes().getStartedEventId();
    }
    if (e.hasChildWorkflowExecutionCompletedEventAttributes()) {
      return e.getChildWorkflowExecutionCompletedEventAttributes().getStartedEventId();
    }
    if (e.hasChildWorkflowExecutionFailedEventAttributes()) {
      return e.getChildWorkflowExecutionFailedEventAttributes().getStartedEventId();
    }
    if (e.hasChildWorkflowExecutionTimedOutEventAttributes()) {
      return e.getChildWorkflowExecutionTimedOutEventAttributes().getStartedEventId();
    }
    if (e.hasChildWorkflowExecutionCanceledEventAttributes()) {
      return e.getChildWorkflowExecutionCanceledEventAttributes().getStartedEventId();
    }
    if (e.hasChildWorkflowExecutionTerminatedEventAttributes()) {
      return e.getChildWorkflowExecutionTerminatedEventAttributes().getStartedEventId();
    }
    return 0;
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
