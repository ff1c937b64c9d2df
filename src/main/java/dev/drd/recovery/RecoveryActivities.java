package dev.drd.recovery;

import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;

/** The database side of a corruption recovery, each step idempotent: a retry does no harm. */
@ActivityInterface(namePrefix = "Recovery")
public interface RecoveryActivities {
  /**
   * Waits (heartbeating) until no client session of the target's database remains; when {@code
   * timeout} has passed, ends those that do, and says which.
   */
  DrainResult drainSessions(String target, Duration timeout);

  /**
   * Renames the target's database to {@code <database>_corrupt_<stamp>}, to be examined later;
   * returns the new name. Done already (the original name gone, the kept one there) is success.
   */
  String keepCorrupt(String target, String stamp);

  /**
   * How the database's clients let go.
   *
   * @param waited how long it took until none was left, or the timeout
   * @param ended the sessions ended after the timeout, as {@code describe()}d
   */
  record DrainResult(Duration waited, List<String> ended) {}
}
