package dev.drd.recover;

import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.ScaledWorkload;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;

/**
 * The side effects of a corruption recovery besides the restore, each idempotent: a retry does no
 * harm.
 */
// The activity types keep their prefix from before the runbook had one name (RecoveryKeepCorrupt…).
@ActivityInterface(namePrefix = "Recovery")
public interface RecoverActivities {
  /**
   * Read-only: the target's database server answers, and so do the clusters of the services. The
   * backup is checked by the restore's activities.
   */
  RecoveryPreflight preflight(RecoverRunbook runbook);

  /** The workload's desired replicas now: what it goes back to after the restore. */
  int replicas(ScaledWorkload workload);

  ScaleResult scale(ScaleRequest request);

  /**
   * Waits (heartbeating) until no client session of the target's database remains; when the timeout
   * has passed, ends those that do, and says which.
   */
  DrainResult drainSessions(DrainRequest request);

  /**
   * Renames the target's database to {@code <database>_corrupt_<stamp>}, to be examined later;
   * returns the new name. Done already (the original name gone, the kept one there) is success.
   */
  String keepCorrupt(KeepCorruptRequest request);

  /** A post-check: an HTTP URL answering 2xx, or a write test on the restored database. */
  String check(PostCheckRequest request);

  record DrainRequest(String target, Duration timeout) {}

  record KeepCorruptRequest(String target, String stamp) {}

  /**
   * @param kind HTTP_CHECK or SQL_CHECK
   * @param index which of the runbook's checks of that kind
   */
  record PostCheckRequest(RecoverRunbook runbook, RecoverStepKind kind, int index) {}

  /**
   * What the preflight found.
   *
   * @param database the target's database: the name restored into
   */
  record RecoveryPreflight(String database, PreflightReport report) {}

  /**
   * How the database's clients let go.
   *
   * @param waited how long it took until none was left, or the timeout
   * @param ended the sessions ended after the timeout, as {@code describe()}d
   */
  record DrainResult(Duration waited, List<String> ended) {}
}
