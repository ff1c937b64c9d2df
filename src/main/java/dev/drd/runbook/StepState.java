package dev.drd.runbook;

import java.time.Instant;

/**
 * A step as the progress query shows it.
 *
 * @param state PENDING, RUNNING, DONE, FAILED (waiting for the operator), SKIPPED, IGNORED (a
 *     best-effort step that failed), ABORTED
 * @param message what it did, or why it failed
 */
public record StepState(
    String step,
    String detail,
    boolean bestEffort,
    String state,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    String message) {

  public StepState with(String newState, Instant at, String newMessage) {
    boolean starting = newState.equals("RUNNING");
    return new StepState(
        step,
        detail,
        bestEffort,
        newState,
        starting ? attempts + 1 : attempts,
        starting ? at : startedAt,
        starting ? null : at,
        newMessage);
  }
}
