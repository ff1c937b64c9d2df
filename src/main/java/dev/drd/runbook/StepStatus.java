package dev.drd.runbook;

/**
 * Where one step of an operator-driven runbook stands. The names are part of the recorded histories
 * and of {@code --json}: rename none.
 */
public enum StepStatus {
  PENDING,
  RUNNING,
  DONE,
  /** Failed; the runbook waits for the operator to retry, skip or abort. */
  FAILED,
  /** Failed, and the operator chose to go on without it. */
  SKIPPED,
  /** A best-effort step that failed; the runbook went on. */
  IGNORED,
  ABORTED
}
