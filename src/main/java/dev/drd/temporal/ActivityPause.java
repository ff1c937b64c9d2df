package dev.drd.temporal;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.time.Duration;

/** Waiting between polls inside an activity. */
public final class ActivityPause {
  private ActivityPause() {}

  /** Sleeps; an interrupt (the worker stopping) ends the activity as INTERRUPTED. */
  public static void of(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while waiting", e);
    }
  }
}
