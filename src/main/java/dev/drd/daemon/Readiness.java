package dev.drd.daemon;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ready means: the worker polls and Temporal answers. Checked every few seconds in the background,
 * so that a probe never waits on the network.
 */
public final class Readiness implements AutoCloseable {
  private final BooleanSupplier temporalAnswers;
  private final ScheduledExecutorService checker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("readiness").factory());
  private volatile boolean polling;
  private volatile boolean stopping;
  private volatile boolean temporalReachable = true;

  public Readiness(BooleanSupplier temporalAnswers) {
    this.temporalAnswers = temporalAnswers;
    checker.scheduleWithFixedDelay(this::check, 5, 5, TimeUnit.SECONDS);
  }

  void pollingStarted() {
    polling = true;
  }

  void stopping() {
    stopping = true;
  }

  public boolean ready() {
    return polling && !stopping && temporalReachable;
  }

  /** Why the daemon is not ready, for the body of a 503. */
  public String state() {
    if (stopping) {
      return "shutting down";
    }
    if (!polling) {
      return "starting";
    }
    return temporalReachable ? "ready" : "Temporal does not answer";
  }

  private void check() {
    temporalReachable = temporalAnswers.getAsBoolean();
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
