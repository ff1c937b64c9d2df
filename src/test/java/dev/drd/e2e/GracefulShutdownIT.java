package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.testing.BackupDaemons;
import dev.drd.testing.BackupDaemons.Setup;
import dev.drd.testing.DrdProcess;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM while a dump runs, to the daemon as a process. */
class GracefulShutdownIT {
  @RegisterExtension static final BackupDaemons daemons = new BackupDaemons();

  @TempDir Path work;

  private Setup setup(String name, String gracefulTimeout, String maxRate) {
    return daemons.bigSetup(
        work, name, maxRate, "shutdown: { gracefulTimeout: " + gracefulTimeout + " }");
  }

  private DrdProcess daemon(Setup setup) throws InterruptedException {
    return daemons.serve(work, setup, Map.of());
  }

  /** A daemon that was sent SIGTERM while the dump ran, and what it logged; it has exited. */
  private record Stopped(
      WorkflowExecution execution, int exitCode, Duration tookToExit, String log) {}

  private Stopped sigtermDuringDump(Setup setup, Duration exitWithin) throws InterruptedException {
    try (DrdProcess daemon = daemon(setup)) {
      WorkflowExecution execution = daemons.startBackup(setup);
      daemons.awaitDumping(execution);
      long signalled = System.nanoTime();
      daemon.sigterm();
      int exitCode = daemon.waitFor(exitWithin);
      return new Stopped(
          execution, exitCode, Duration.ofNanos(System.nanoTime() - signalled), daemon.stderr());
    }
  }

  /** Starts another daemon, which finishes the workflow; checks the backup, then stops it. */
  private List<HistoryEvent> finishOnAnotherDaemon(Setup setup, WorkflowExecution execution)
      throws Exception {
    try (DrdProcess second = daemon(setup)) {
      BackupDaemons.assertDurable(setup, daemons.result(execution));
      second.sigterm();
      assertThat(second.waitFor(Duration.ofMinutes(1))).isZero();
      return daemons.activityStarts(execution);
    }
  }

  @Test
  void aRunningDumpFinishesBeforeTheDaemonExitsZero() throws Exception {
    Setup setup = setup("drain", "2m", "8MB");

    Stopped first = sigtermDuringDump(setup, Duration.ofMinutes(2));

    assertThat(first.exitCode()).as(first.log()).isZero();
    assertThat(first.log())
        .contains(
            "SIGTERM received",
            "shutdown 2/4: the schedule stops firing",
            "waiting up to 2m for 1 running activity",
            "dumped drain",
            "shutdown 4/4: all work finished");
    assertThat(finishOnAnotherDaemon(setup, first.execution()))
        .filteredOn(e -> e.getActivityTaskStartedEventAttributes().getAttempt() > 1)
        .as("no activity was retried")
        .isEmpty();
  }

  @Test
  void aDumpLongerThanTheTimeoutIsInterruptedAndFinishesOnTheNextWorker() throws Exception {
    Setup setup = setup("cut", "2s", "3MB");

    Stopped first = sigtermDuringDump(setup, Duration.ofSeconds(40));

    assertThat(first.exitCode()).as(first.log()).isZero();
    assertThat(first.tookToExit()).isLessThan(Duration.ofSeconds(30));
    assertThat(first.log()).contains("the graceful timeout of 2s passed; interrupting 1 activity");
    assertThat(finishOnAnotherDaemon(setup, first.execution()))
        .anySatisfy(e ->
            assertThat(e.getActivityTaskStartedEventAttributes().getAttempt()).isGreaterThan(1));
    assertThat(BackupDaemons.openUploads(setup)).as("no orphaned multipart upload").isEmpty();
  }
}
