package dev.drd.runbook;

import java.time.Instant;

/**
 * A step as the progress query shows it.
 *
 * @param message what it did, or why it failed
 */
public record StepState(
    String step,
    String detail,
    boolean bestEffort,
    StepStatus state,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    String message) {

  public StepState with(StepStatus newState, Instant at, String newMessage) {
    boolean starting = newState == StepStatus.RUNNING;
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
