package dev.drd.restore;

public enum RestorePhase {
  PENDING,
  RESOLVING_BACKUP,
  CHECKING_DESTINATION,
  RESTORING,
  VERIFYING,
  COMPLETED,
  FAILED
}
