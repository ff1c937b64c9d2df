package dev.drd.failure;

/**
 * Every way a runbook can fail, as the type of the {@link io.temporal.failure.ApplicationFailure}
 * that carries it. Tests assert these types, never messages.
 */
public enum FailureType {
  UNKNOWN_TARGET(false),
  MISSING_SECRET(false),
  BAD_CREDENTIALS(false),
  INSUFFICIENT_PRIVILEGES(false),
  DATABASE_NOT_FOUND(false),
  DATABASE_UNREACHABLE(true),
  DATABASE_ERROR(true),
  DATABASE_IN_USE(true),
  SERVER_READ_ONLY(false),
  DATABASE_REFUSED(false),
  TOOL_MISSING(false),
  TOOL_INCOMPATIBLE(false),
  DUMP_FAILED(true),
  DUMP_TIMED_OUT(false),
  STORAGE_ACCESS_DENIED(false),
  STORAGE_BUCKET_MISSING(false),
  STORAGE_FAILED(true),
  STORAGE_OBJECT_MISSING(false),
  DOCUMENT_UNREADABLE(false),
  BACKUP_DAMAGED(false),
  BACKUP_TOO_LARGE(false),
  NO_BACKUP(false),
  BACKUP_NOT_FOUND(false),
  BACKUP_ALREADY_RUNNING(false),
  BACKUP_REFUSED(false),
  MANIFEST_MISSING(false),
  CHECKSUM_MISMATCH(false),
  DISK_FULL(false),
  TARGET_NOT_EMPTY(false),
  RESTORE_FAILED(false),
  RESTORE_CONFLICT(false),
  VERIFICATION_FAILED(false),
  DRILL_FAILED(false),
  REPLICA_NOT_IN_RECOVERY(false),
  REPLICATION_LAG(false),
  PROMOTION_FAILED(true),
  FENCING_FAILED(true),
  DNS_UNREACHABLE(true),
  DNS_REFUSED(false),
  DNS_ZONE_MISSING(false),
  DNS_FAILED(true),
  CLUSTER_UNREACHABLE(true),
  CLUSTER_REFUSED(false),
  CLUSTER_RESOURCE_MISSING(false),
  CLUSTER_FAILED(true),
  PREFLIGHT_FAILED(false),
  APPROVAL_TIMEOUT(false),
  FAILOVER_ABORTED(false),
  RECOVERY_ABORTED(false),
  POST_CHECK_FAILED(true),
  ARCHIVE_CONFLICT(false),
  WAL_NOT_ARCHIVED(false),
  PITR_REFUSED(false),
  PITR_FAILED(false),
  INTERRUPTED(true);

  private final boolean retryable;

  FailureType(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
