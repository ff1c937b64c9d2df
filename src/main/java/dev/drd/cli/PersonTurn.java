package dev.drd.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.StepState;
import dev.drd.runbook.StepStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a runbook waits for a person to do: approve it, or decide on a failed step. Every {@code
 * --wait} returns at one with exit code 3, printing it.
 *
 * @param waitsFor {@code approval} or {@code operator} (a retry, skip or abort of a failed step)
 * @param step the failed step, null for an approval
 * @param message why the step failed, null for an approval
 * @param commands the exact commands that answer it
 */
record PersonTurn(
    @JsonProperty("for") String waitsFor, String step, String message, List<String> commands) {

  static Optional<PersonTurn> of(RunbookProgress p) {
    String id = p.workflowId();
    String drd = "drd " + id.substring(0, id.indexOf('/')); // e.g. drd failover
    return switch (p.state()) {
      case AWAITING_APPROVAL ->
          Optional.of(
              new PersonTurn(
                  "approval",
                  null,
                  null,
                  List.of(
                      "%s approve %s --by NAME [--reason TEXT] --wait".formatted(drd, id),
                      "%s abort %s".formatted(drd, id))));
      case WAITING_FOR_OPERATOR -> {
        StepState failed = failedStep(p).orElse(null);
        yield Optional.of(
            new PersonTurn(
                "operator",
                failed == null ? null : failed.step(),
                failed == null ? null : failed.message(),
                List.of(
                    "%s retry %s --wait".formatted(drd, id),
                    "%s skip %s --wait".formatted(drd, id),
                    "%s abort %s".formatted(drd, id))));
      }
      default -> Optional.empty();
    };
  }

  /**
   * Which turn it is: the state, and for a failed step its name and attempt, so that a step that
   * fails again at once after a retry is a new turn, although the runbook never seemed to move.
   */
  static Optional<String> key(RunbookProgress p) {
    return of(p)
        .map(turn ->
            failedStep(p)
                .map(s -> "%s %s #%d".formatted(p.state(), s.step(), s.attempts()))
                .orElse(p.state().name()));
  }

  private static Optional<StepState> failedStep(RunbookProgress p) {
    return p.steps().stream().filter(s -> s.state() == StepStatus.FAILED).findFirst();
  }

  /** One line for people, e.g. "promote failed: ... Decide: drd failover retry ... | ...". */
  String describe() {
    if (waitsFor.equals("approval")) {
      return "waiting for approval: %s  (or: %s)".formatted(commands.get(0), commands.get(1));
    }
    return "%s failed%s. Decide: %s"
        .formatted(
            step == null ? "a step" : step,
            message == null ? "" : ": " + message,
            String.join(" | ", commands));
  }
}
