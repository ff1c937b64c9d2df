package dev.drd.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.quartz.CronExpression;

/**
 * The cron time a fire stands for. Quartz reports a misfired trigger's fire as "now" (its misfire
 * instruction moves the fire time), so a run's id taken from it would differ from the one another
 * daemon, firing on time, gave the same cron time.
 */
final class NominalFireTime {
  /**
   * Searched from the nearest: an every-minute cron is found in the first, a yearly in the last.
   */
  private static final List<Duration> WINDOWS =
      List.of(
          Duration.ofMinutes(2),
          Duration.ofHours(2),
          Duration.ofDays(2),
          Duration.ofDays(32),
          Duration.ofDays(367));

  private static final int MAX_STEPS = 100_000;

  private NominalFireTime() {}

  /** The newest time of the cron at or before the fire, or the fire itself if there is none. */
  static Instant of(CronExpression cron, Instant fired) {
    Date at = Date.from(fired);
    if (cron.isSatisfiedBy(at)) {
      return fired.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
    for (Duration window : WINDOWS) {
      Date newest = null;
      Date next = cron.getNextValidTimeAfter(Date.from(fired.minus(window)));
      for (int step = 0; next != null && !next.after(at) && step < MAX_STEPS; step++) {
        newest = next;
        next = cron.getNextValidTimeAfter(next);
      }
      if (newest != null) {
        return newest.toInstant();
      }
    }
    return fired;
  }
}
