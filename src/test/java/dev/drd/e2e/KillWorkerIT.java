package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupResult;
import dev.drd.testing.BackupDaemons;
import dev.drd.testing.BackupDaemons.Setup;
import dev.drd.testing.DrdProcess;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon while a dump runs: no shutdown, no abort of the upload, no last heartbeat.
 * Temporal notices only when the dump's heartbeat timeout (30 s) passes, then retries the dump on
 * whichever worker polls: here a second daemon with the same config.
 */
class KillWorkerIT {
  @RegisterExtension static final BackupDaemons daemons = new BackupDaemons();

  @TempDir Path work;

  @Test
  void aRestartedWorkerFinishesTheBackupAndNoUploadIsLeftOpen() throws Exception {
    Setup setup = daemons.bigSetup(work, "killed", "8MB", "");
    WorkflowExecution execution;
    try (DrdProcess first = daemons.serve(work, setup, Map.of())) {
      execution = daemons.startBackup(setup);
      daemons.awaitDumping(execution);

      assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(128 + 9);
      assertThat(first.stderr()).doesNotContain("SIGTERM received", "dumped killed");
    }
    assertThat(BackupDaemons.openUploads(setup))
        .as("the killed dump's upload, left open")
        .hasSize(1);
    awaitNoBackupSessions();

    try (DrdProcess second = daemons.serve(work, setup, Map.of())) {
      BackupResult result = daemons.result(execution);

      BackupDaemons.assertDurable(setup, result);
      assertThat(BackupDaemons.openUploads(setup)).as("no orphaned multipart upload").isEmpty();
      assertThat(BackupDaemons.objects(setup))
          .as("one dump, one manifest")
          .containsExactlyInAnyOrder(result.key(), result.manifestKey());
      assertThat(daemons.activityStarts(execution))
          .map(HistoryEvent::getActivityTaskStartedEventAttributes)
          .filteredOn(a -> a.getAttempt() > 1)
          .as("one attempt ran again: the dump, once")
          .singleElement()
          .extracting(ActivityTaskStartedEventAttributes::getAttempt)
          .isEqualTo(2);
      assertThat(second.stderr()).contains("left by an earlier attempt", "dumped killed");
      second.sigterm();
      assertThat(second.waitFor(Duration.ofMinutes(1))).as(second.stderr()).isZero();
    }
  }

  /**
   * The killed daemon's pg_dump and snapshot connection go with it (pg_dump on its broken pipe): no
   * orphan holds a snapshot open on the server.
   */
  private static void awaitNoBackupSessions() throws InterruptedException {
    String sessions =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'drd backup%'";
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (daemons.pg().count("postgres", sessions) > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the killed daemon's backup sessions are still open");
      }
      Thread.sleep(200);
    }
  }
}
