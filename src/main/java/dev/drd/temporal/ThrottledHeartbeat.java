package dev.drd.temporal;

import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Heartbeats from a hot loop (a chunk at a time): at most once a second, and the details are only
 * built when one is due. The SDK throttles further toward the server.
 */
public final class ThrottledHeartbeat {
  private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final ActivityExecutionContext activity;
  private long lastSent;

  public ThrottledHeartbeat(ActivityExecutionContext activity) {
    this.activity = activity;
  }

  public void maybeSend(Supplier<?> details) {
    if (System.nanoTime() - lastSent >= EVERY_NANOS) {
      send(details.get());
    }
  }

  public void send(Object details) {
    lastSent = System.nanoTime();
    activity.heartbeat(details);
  }
}
