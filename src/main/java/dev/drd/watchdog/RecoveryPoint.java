package dev.drd.watchdog;

import dev.drd.drill.DrillReport;
import java.time.Duration;
import java.time.Instant;

/**
 * How far back a target can be recovered: its newest backup, and its newest backup that a drill
 * proved restorable.
 *
 * @param newestBackup null when the target has no complete backup
 * @param newestVerifiedBackup when the newest drilled backup was taken; null when none passed
 * @param lastDrill the newest drill report, passed or not; null when there is none
 */
public record RecoveryPoint(
    String target,
    Instant newestBackup,
    Instant newestVerifiedBackup,
    DrillReport lastDrill,
    Duration rpoObjective) {

  /** True when the target sets an RPO and its newest verified backup is older, or missing. */
  public boolean stale(Instant now) {
    return rpoObjective != null
        && (newestVerifiedBackup == null
            || Duration.between(newestVerifiedBackup, now).compareTo(rpoObjective) > 0);
  }

  public static Duration age(Instant at, Instant now) {
    return at == null ? null : Duration.between(at, now);
  }
}
