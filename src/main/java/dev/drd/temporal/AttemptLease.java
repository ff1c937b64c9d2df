package dev.drd.temporal;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats an activity attempt from a thread of its own, whether or not data moves (a LOCK TABLE
 * that waits, a catalog read, a slow upload), with the latest progress as details. When the
 * heartbeat is refused (the attempt timed out on the server, was cancelled, or the worker shuts
 * down), the attempt has lost its lease: the registered releases run at once (child processes
 * stopped, sessions ended), so that nothing of it keeps running beside the next attempt.
 */
public final class AttemptLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttemptLease.class);

  private final ActivityExecutionContext activity;
  private final Supplier<?> details;
  private final List<Runnable> releases = new CopyOnWriteArrayList<>();
  private final AtomicReference<ActivityCompletionException> lost = new AtomicReference<>();
  private final Thread beat;

  private AttemptLease(ActivityExecutionContext activity, Duration every, Supplier<?> details) {
    this.activity = activity;
    this.details = details;
    this.beat =
        Thread.ofPlatform()
            .daemon()
            .name("heartbeat " + activity.getInfo().getActivityId())
            .start(() -> beat(every));
  }

  /** Every 2 s: well inside any of drd's heartbeat timeouts (30 s and up). */
  public static AttemptLease hold(ActivityExecutionContext activity, Supplier<?> details) {
    return hold(activity, Duration.ofSeconds(2), details);
  }

  /**
   * @param every how often to heartbeat: well inside the activity's heartbeat timeout
   * @param details the progress to report, asked on every beat
   */
  public static AttemptLease hold(
      ActivityExecutionContext activity, Duration every, Supplier<?> details) {
    return new AttemptLease(activity, every, details);
  }

  /** Runs {@code release} when the lease is lost; at once if it is lost already. */
  public void onLoss(Runnable release) {
    releases.add(release);
    if (lost.get() != null) {
      runQuietly(release);
    }
  }

  /** Throws what ended the lease, if it ended: the SDK then reports the attempt as such. */
  public void rethrowIfLost() {
    ActivityCompletionException e = lost.get();
    if (e != null) {
      throw e;
    }
  }

  public boolean lost() {
    return lost.get() != null;
  }

  private void beat(Duration every) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        activity.heartbeat(details.get());
        Thread.sleep(every);
      }
    } catch (InterruptedException e) {
      // the attempt is over and closed its lease
    } catch (ActivityCompletionException e) {
      lost.set(e);
      log.warn(
          "activity {} of {} lost its lease ({}): stopping its processes and sessions",
          activity.getInfo().getActivityType(),
          activity.getInfo().getWorkflowId(),
          e.getClass().getSimpleName());
      releases.forEach(AttemptLease::runQuietly);
    } catch (RuntimeException e) {
      log.warn(
          "heartbeat thread of {} ended: {}", activity.getInfo().getWorkflowId(), e.toString());
    }
  }

  private static void runQuietly(Runnable release) {
    try {
      release.run();
    } catch (RuntimeException e) {
      log.debug("releasing after a lost lease: {}", e.toString());
    }
  }

  @Override
  public void close() {
    beat.interrupt();
    try {
      beat.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
