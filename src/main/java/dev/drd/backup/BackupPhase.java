package dev.drd.backup;

public enum BackupPhase {
  PENDING,
  INSPECTING,
  DUMPING,
  WRITING_MANIFEST,
  APPLYING_RETENTION,
  DISCARDING,
  COMPLETED,
  FAILED
}
