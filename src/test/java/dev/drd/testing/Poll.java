package dev.drd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition to hold, failing with what was last seen once the deadline passes. */
public final class Poll {
  private static final Duration EVERY = Duration.ofMillis(50);

  private Poll() {}

  /**
   * @param lastSeen what the failure says was seen last, e.g. the last heartbeat
   */
  public static void until(Duration within, Supplier<String> lastSeen, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(lastSeen).isLessThan(deadline);
      Thread.sleep(EVERY);
    }
  }
}
