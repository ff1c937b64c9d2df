package dev.drd.recover;

/** What a corruption recovery step does. */
public enum RecoverStepKind {
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
