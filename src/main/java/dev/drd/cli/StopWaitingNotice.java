package dev.drd.cli;

import java.io.PrintWriter;

/**
 * Ctrl-C on {@code --wait} ends the command, not the runbook: while a wait lasts, a shutdown hook
 * says so and how to follow it (the JVM then exits 130).
 */
final class StopWaitingNotice implements AutoCloseable {
  private final Thread hook;

  private StopWaitingNotice(Thread hook) {
    this.hook = hook;
  }

  static StopWaitingNotice during(String workflowId, PrintWriter err) {
    Thread hook =
        new Thread(() -> {
          err.printf(
              "%ndrd: stopped waiting; %s goes on in the daemon. Follow it with: drd status %s --watch%n",
              workflowId, workflowId);
          err.flush();
        });
    Runtime.getRuntime().addShutdownHook(hook);
    return new StopWaitingNotice(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs: the wait was interrupted
    }
  }
}
