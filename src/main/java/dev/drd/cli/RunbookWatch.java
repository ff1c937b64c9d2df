package dev.drd.cli;

import dev.drd.runbook.RunbookProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Follows a runbook (a failover, a recovery) live on stderr: a line per step change and what the
 * operator can do.
 */
final class RunbookWatch {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final RunbookClient client;
  private final PrintWriter err;
  private RunbookProgress last;
  private String lastHint;
  private String lastProblem;

  /**
   * @param seen progress already shown to the operator, whose steps are not printed again; null for
   *     none
   */
  RunbookWatch(RunbookClient client, PrintWriter err, RunbookProgress seen) {
    this.client = client;
    this.err = err;
    this.last = seen;
  }

  /**
   * Polls until {@code until} holds or the runbook has ended. A daemon that does not answer for a
   * while (it restarts) is reported and waited for, not taken for the runbook's end.
   */
  RunbookProgress follow(String workflowId, Predicate<RunbookProgress> until) {
    try (StopWaitingNotice notice = StopWaitingNotice.during(workflowId, err)) {
      return poll(workflowId, until);
    }
  }

  private RunbookProgress poll(String workflowId, Predicate<RunbookProgress> until) {
    // ends the wait between two polls the moment the runbook closes
    CompletableFuture<Void> closed = client.closing(workflowId);
    while (true) {
      try {
        RunbookProgress p = client.progress(workflowId);
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
      waitFor(closed);
    }
  }

  private void report(RunbookProgress p) {
    for (int i = 0; i < p.steps().size(); i++) {
      var step = p.steps().get(i);
      boolean changed = last == null || !step.equals(last.steps().get(i));
      if (changed && step.startedAt() != null) {
        err.println(RunbookReport.change(i, step));
      }
    }
    String hint = RunbookReport.nextMove(p);
    if (hint != null && !hint.equals(lastHint)) {
      err.println(hint);
    }
    lastHint = hint;
    last = p;
    err.flush();
  }

  private static void waitFor(CompletableFuture<Void> closed) {
    try {
      closed.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
      if (closed.isDone()) {
        // a closed runbook's outcome is read at once; the pause keeps a refusal from spinning
        Thread.sleep(POLL.dividedBy(20));
      }
    } catch (TimeoutException stillRunning) {
      // the next poll shows what changed
    } catch (ExecutionException e) {
      // closing() completes normally
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following the runbook", e);
    }
  }
}
