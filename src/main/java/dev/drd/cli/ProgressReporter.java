package dev.drd.cli;

import dev.drd.config.Durations;
import dev.drd.config.TemporalConfig;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells a person on stderr what a running workflow is doing: a line when the step changes, again
 * every few seconds while it makes progress, and a warning when nothing at all happens, which
 * mostly means that no daemon polls the task queue.
 */
final class ProgressReporter {
  private static final long REPEAT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final Duration STALLED_AFTER = Duration.ofSeconds(10);

  private final PrintWriter err;
  private final TemporalConfig temporal;
  private final long started = System.nanoTime();
  private String lastLine = "";
  private long lastPrinted;
  private long historyLength = -1;
  private long lastChange = started;
  private boolean warned;

  ProgressReporter(PrintWriter err, TemporalConfig temporal) {
    this.err = err;
    this.temporal = temporal;
  }

  void observe(DescribeWorkflowExecutionResponse description) {
    long now = System.nanoTime();
    String line =
        WorkflowWatch.steps(description).stream()
            .map(WorkflowWatch.Step::describe)
            .reduce((a, b) -> a + "; " + b)
            .orElse("");
    boolean stepChanged = !stepOf(line).equals(stepOf(lastLine));
    boolean dueAgain = !line.equals(lastLine) && now - lastPrinted >= REPEAT_EVERY_NANOS;
    if (!line.isEmpty() && (stepChanged || dueAgain)) {
      say(now, line);
      lastLine = line;
      lastPrinted = now;
    }
    long length = description.getWorkflowExecutionInfo().getHistoryLength();
    if (length != historyLength || !line.isEmpty()) {
      historyLength = length;
      lastChange = now;
    } else if (!warned && now - lastChange >= STALLED_AFTER.toNanos()) {
      say(
          now,
          "nothing has happened for %s: is a drd daemon (drd serve) polling task queue '%s' at %s, namespace %s? Waiting on."
              .formatted(
                  Durations.format(STALLED_AFTER),
                  temporal.taskQueue(),
                  temporal.target(),
                  temporal.namespace()));
      warned = true;
    }
  }

  private void say(long now, String text) {
    err.printf(
        "[%s] %s%n",
        Durations.format(Duration.ofSeconds(TimeUnit.NANOSECONDS.toSeconds(now - started))), text);
    err.flush();
  }

  private static String stepOf(String line) {
    return line.split(":", 2)[0];
  }
}
