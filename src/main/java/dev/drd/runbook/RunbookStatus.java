package dev.drd.runbook;

/**
 * Where an operator-driven runbook stands as a whole. The names are part of the recorded histories
 * and of {@code --json}: rename none.
 */
public enum RunbookStatus {
  PREFLIGHT,
  AWAITING_APPROVAL,
  RUNNING,
  WAITING_FOR_OPERATOR,
  /** Undoing what is safe to undo before it ends as ABORTED. */
  ABORTING,
  COMPLETED,
  ABORTED,
  FAILED;

  public boolean finished() {
    return this == COMPLETED || this == ABORTED || this == FAILED;
  }
}
