package dev.drd.recovery;

/** What a corruption recovery step does. */
public enum RecoveryStepKind {
  PREFLIGHT,
  APPROVAL,
  SCALE_DOWN,
  DRAIN_SESSIONS,
  KEEP_CORRUPT,
  RESTORE,
  SCALE_UP,
  HTTP_CHECK,
  SQL_CHECK
}
