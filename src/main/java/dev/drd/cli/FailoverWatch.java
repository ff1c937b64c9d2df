package dev.drd.cli;

import dev.drd.failover.FailoverProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/** Follows a failover live on stderr: a line per step change and what the operator can do. */
final class FailoverWatch {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final FailoverClient client;
  private final PrintWriter err;
  private FailoverProgress last;
  private String lastHint;
  private String lastProblem;

  /**
   * @param seen progress already shown to the operator, whose steps are not printed again; null for
   *     none
   */
  FailoverWatch(FailoverClient client, PrintWriter err, FailoverProgress seen) {
    this.client = client;
    this.err = err;
    this.last = seen;
  }

  /**
   * Polls until {@code until} holds or the failover has ended. A daemon that does not answer for a
   * while (it restarts) is reported and waited for, not taken for the failover's end.
   */
  FailoverProgress follow(String workflowId, Predicate<FailoverProgress> until) {
    while (true) {
      try {
        FailoverProgress p = client.progress(workflowId);
        lastProblem = null;
        report(p);
        if (p.finished() || until.test(p)) {
          return p;
        }
      } catch (CommandRefused e) {
        if (!Objects.equals(e.getMessage(), lastProblem)) {
          err.printf("drd: %s; still trying%n", e.getMessage());
          err.flush();
          lastProblem = e.getMessage();
        }
      }
      sleep();
    }
  }

  private void report(FailoverProgress p) {
    for (int i = 0; i < p.steps().size(); i++) {
      var step = p.steps().get(i);
      boolean changed = last == null || !step.equals(last.steps().get(i));
      if (changed && step.startedAt() != null) {
        err.println(FailoverReport.change(i, step));
      }
    }
    String hint = FailoverReport.nextMove(p);
    if (hint != null && !hint.equals(lastHint)) {
      err.println(hint);
    }
    lastHint = hint;
    last = p;
    err.flush();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following the failover", e);
    }
  }
}
