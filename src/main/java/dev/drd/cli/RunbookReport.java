package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.config.Durations;
import dev.drd.runbook.Figure;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A runbook's progress for people (a failover's, a recovery's): the step table with what it
 * measured (a recovery's RTO and data loss window), one line per change, what the operator can do
 * next.
 */
final class RunbookReport {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private RunbookReport() {}

  static void table(PrintWriter out, RunbookProgress p, RunbookTimings timings) {
    Instant end = p.endedAt() != null ? p.endedAt() : Instant.now();
    out.printf(
        "%s: %s, %s, %s %s (started %s)%n",
        p.workflowId(),
        p.subject(),
        p.state(),
        p.finished() ? "took" : "running for",
        Durations.format(Duration.between(p.startedAt(), end)),
        p.startedAt());
    if (p.approvedBy() != null) {
      out.printf(
          "  approved by %s%s%n",
          p.approvedBy(), p.approvalReason() == null ? "" : ": " + p.approvalReason());
    }
    for (int i = 0; i < p.steps().size(); i++) {
      StepState s = p.steps().get(i);
      out.printf(
          "  %2d. %-11s %-8s %7s  %s%s%n",
          i + 1, s.step(), s.state(), took(s), s.detail(), s.bestEffort() ? "  [best effort]" : "");
      if (s.message() != null) {
        // the preflight's message lists its checks, one per line here
        String separator = s.step().equals("preflight") ? "; " : "\n";
        for (String line : s.message().split(separator)) {
          out.printf("      %-11s %s%n", "", line);
        }
      }
    }
    for (Figure f : p.figures()) {
      out.printf("  %-16s %s  %s%n", f.name(), Durations.format(f.value()), f.detail());
    }
    if (p.outcome() != null) {
      out.printf("  outcome: %s%n", p.outcome());
    }
    if (timings != null) {
      out.printf("  %s%n", timings.describe());
    }
    out.flush();
  }

  /**
   * Prints where the runbook stands (JSON or the table) and returns the exit code: 1 when it failed
   * or was aborted, 3 when it waits for a person.
   */
  static int print(PrintWriter out, boolean json, RunbookProgress p, RunbookTimings timings) {
    if (json) {
      ObjectNode doc = Json.MAPPER.valueToTree(p);
      if (timings != null) {
        doc.set("timings", Json.MAPPER.valueToTree(timings));
      }
      PersonTurn.of(p).ifPresent(turn -> doc.set("waitingFor", Json.MAPPER.valueToTree(turn)));
      Json.print(out, doc);
    } else {
      table(out, p, timings);
    }
    return exitCode(p);
  }

  /** 0 running or completed, 1 failed or aborted, 3 waiting for a person. */
  static int exitCode(RunbookProgress p) {
    if (p.finished()) {
      return p.state() == RunbookStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUNBOOK_FAILED;
    }
    return PersonTurn.of(p).isPresent() ? ExitCodes.WAITS_FOR_PERSON : ExitCodes.OK;
  }

  /** One line for a step that changed, e.g. {@code 12:00:03 5. fence DONE 40ms read-only}. */
  static String change(int index, StepState s) {
    Instant at = s.endedAt() != null ? s.endedAt() : s.startedAt();
    String attempt = s.attempts() > 1 ? " (attempt %d)".formatted(s.attempts()) : "";
    String took = s.endedAt() != null ? " " + took(s) : "";
    return "%s  %2d. %-11s %s%s%s  %s"
        .formatted(
            at == null ? "--:--:--" : CLOCK.format(at),
            index + 1,
            s.step(),
            s.state(),
            attempt,
            took,
            s.message() != null ? s.message() : s.detail());
  }

  /** What the operator can do now, or null when nothing waits for them. */
  static String nextMove(RunbookProgress p) {
    return PersonTurn.of(p).map(PersonTurn::describe).orElse(null);
  }

  private static String took(StepState s) {
    if (s.startedAt() == null) {
      return "";
    }
    Instant end = s.endedAt() != null ? s.endedAt() : Instant.now();
    return Durations.format(Duration.between(s.startedAt(), end));
  }
}
