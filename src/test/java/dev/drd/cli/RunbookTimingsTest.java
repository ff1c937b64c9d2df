package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Where a recorded recovery's time went: its child restore counts as a step's own work. */
class RunbookTimingsTest {
  @Test
  void aChildWorkflowCountsAsStepTimeNotAsOrchestration() throws Exception {
    WorkflowExecutionHistory history;
    try (InputStream in = getClass().getResourceAsStream("/histories/recover-completed.json")) {
      history =
          WorkflowExecutionHistory.fromJson(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), "recover/ledger");
    }
    List<HistoryEvent> events = history.getEvents();
    Instant childStarted =
        at(events.stream().filter(HistoryEvent::hasChildWorkflowExecutionStartedEventAttributes));
    Instant childClosed =
        at(events.stream().filter(HistoryEvent::hasChildWorkflowExecutionCompletedEventAttributes));
    Duration child = Duration.between(childStarted, childClosed);

    // the recovery runs one step at a time: each activity's completion follows its start
    Duration activities = Duration.ZERO;
    Instant started = null;
    for (HistoryEvent e : events) {
      if (e.hasActivityTaskStartedEventAttributes()) {
        started = at(Stream.of(e));
      } else if (e.hasActivityTaskCompletedEventAttributes()) {
        activities = activities.plus(Duration.between(started, at(Stream.of(e))));
      }
    }

    RunbookTimings timings = RunbookTimings.of(history, Duration.ofSeconds(0));

    assertThat(child).isPositive();
    assertThat(timings.steps()).isEqualTo(activities.plus(child));
    assertThat(timings.orchestration())
        .isEqualTo(timings.total().minus(timings.steps()))
        .isGreaterThanOrEqualTo(Duration.ZERO);
  }

  private static Instant at(Stream<HistoryEvent> event) {
    Timestamp t = event.findFirst().orElseThrow().getEventTime();
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
