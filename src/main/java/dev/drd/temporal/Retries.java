package dev.drd.temporal;

import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Retry policies for activities: exponential backoff, a bounded number of attempts. */
public final class Retries {
  private Retries() {}

  public static RetryOptions exponential(Duration initial, Duration maximum, int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2)
        .setMaximumInterval(maximum)
        .setMaximumAttempts(attempts)
        .build();
  }
}
