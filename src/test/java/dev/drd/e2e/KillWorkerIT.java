package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.archive.ArchiveStatus;
import dev.drd.backup.BackupResult;
import dev.drd.postgres.Lsn;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.BackupDaemons;
import dev.drd.testing.BackupDaemons.Setup;
import dev.drd.testing.DrdProcess;
import dev.drd.testing.Poll;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  /**
   * Two daemons; the one whose archiver streams is killed -9 while a segment is half written and
   * goes on being written. The other takes the archiver over once its heartbeat times out.
   */
  @Test
  void anArchiverKilledMidSegmentIsTakenOverByAnotherDaemonWithNoGapAndNoSegmentTwice()
      throws Exception {
    TestPostgres pg = daemons.pg();
    pg.createDatabase("walkill");
    pg.execute("walkill", "CREATE TABLE t (id int, note text)");
    Setup setup =
        daemons.setup(
            work,
            "walkill",
            TestConfigs.target(
                "walkill", pg.host(), pg.port(), "walkill", "archive: { maxDelay: 2s }"),
            "");
    S3ObjectStore store = S3ObjectStore.create(setup.s3());
    DrdProcess a = DrdProcess.start(work.resolve("a"), Map.of(), "serve", "--config", file(setup));
    DrdProcess b = DrdProcess.start(work.resolve("b"), Map.of(), "serve", "--config", file(setup));
    try (a;
        b) {
      String streaming = "archive of walkill: streaming WAL from";
      awaitArchived(store, setup, write(pg, 1, 100));
      DrdProcess first = a.stderr().contains(streaming) ? a : b;
      DrdProcess other = first == a ? b : a;
      String atKill = pg.text("walkill", "SELECT pg_walfile_name(pg_current_wal_lsn())");

      assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(128 + 9);
      write(pg, 101, 20_000);
      pg.execute("walkill", "SELECT pg_switch_wal()");
      long end = write(pg, 20_101, 20_200);

      awaitArchived(store, setup, end);
      assertThat(other.stderr()).as("the other daemon took over").contains(streaming);
      ArchiveStatus status = ArchiveStatus.read(store, "", "walkill").orElseThrow();
      assertThat(status.gaps()).as("no gap").isEmpty();
      List<String> whole =
          store.list("walkill/wal/00000001/").stream()
              .map(o -> o.key().replaceFirst(".*/", ""))
              .filter(name -> name.matches("[0-9A-F]{24}\\.zst"))
              .map(name -> name.substring(0, 24))
              .sorted()
              .toList();
      assertThat(whole).as("the segment written across the kill is whole").contains(atKill);
      for (int i = 1; i < whole.size(); i++) {
        assertThat(Long.parseLong(whole.get(i).substring(16), 16))
            .as("segments follow each other: " + whole)
            .isEqualTo(Long.parseLong(whole.get(i - 1).substring(16), 16) + 1);
      }
      byte[] archived;
      try (var in = store.open("walkill/wal/00000001/" + atKill + ".zst");
          var zstd = new ZstdInputStream(in)) {
        archived = zstd.readAllBytes();
      }
      assertThat(archived)
          .as("the archived segment is the server's, byte for byte")
          .isEqualTo(onServer(pg, atKill));
      long released =
          Lsn.parse(
              pg.text(
                  "walkill",
                  "SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name ="
                      + " 'drd_walkill'"));
      assertThat(pg.text("walkill", "SELECT pg_walfile_name('%s')".formatted(Lsn.format(released))))
          .as("the slot let the uploaded segment go")
          .isGreaterThan(atKill);
    }
  }

  private static String file(Setup setup) {
    return setup.file().toString();
  }

  /** Rows {@code from} to {@code to}, committed: returns the WAL position after them. */
  private static long write(TestPostgres pg, int from, int to) {
    pg.execute(
        "walkill",
        "INSERT INTO t SELECT g, repeat('x', 500) FROM generate_series(%d, %d) g"
            .formatted(from, to));
    return Lsn.parse(pg.text("walkill", "SELECT pg_current_wal_lsn()::text"));
  }

  private static void awaitArchived(S3ObjectStore store, Setup setup, long lsn)
      throws InterruptedException {
    Poll.until(
        Duration.ofSeconds(120),
        () -> "archive: " + ArchiveStatus.read(store, setup.s3().prefix(), "walkill"),
        () ->
            ArchiveStatus.read(store, setup.s3().prefix(), "walkill")
                .map(s -> s.archivedLsn() != null && Lsn.parse(s.archivedLsn()) >= lsn)
                .orElse(false));
  }

  private static byte[] onServer(TestPostgres pg, String segment) {
    return java.util.HexFormat.of()
        .parseHex(
            pg.text(
                "walkill",
                "SELECT encode(pg_read_binary_file('pg_wal/%s'), 'hex')".formatted(segment)));
  }
}
