package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupManifest;
import dev.drd.backup.BackupResult;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.StorageConfig;
import dev.drd.config.TargetConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.TemporalConnection;
import dev.drd.testing.DrdProcess;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SIGTERM while a dump runs, to the daemon as a process. The Temporal service outlives the daemons
 * (it runs in this JVM), as it does in production.
 */
class GracefulShutdownIT {
  static TestPostgres pg;
  static TemporalConnection temporal;

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    pg = TestPostgres.start();
    pg.createDatabase("big");
    // ~40 MiB of incompressible-ish text: long enough to dump slowly under a rate limit.
    pg.execute(
        "big",
        "CREATE TABLE t AS SELECT g, md5(g::text) a, md5((g * 7)::text) b FROM generate_series(1, 400000) g");
    temporal =
        TemporalConnection.connect(
            new ConfigLoader(Map.of())
                .load(new ConfigSource("t", "storage: { bucket: unused }"))
                .temporal()
                .withTarget(TestTemporal.target()),
            null,
            Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    temporal.close();
    pg.close();
  }

  private record Setup(Path config, StorageConfig s3, TargetConfig target) {}

  private Setup setup(String name, String gracefulTimeout, String maxRate) {
    StorageConfig s3 = TestS3.newBucket("");
    String yaml =
        TestConfigs.yaml(
            TestTemporal.target(),
            "shutdown-" + name,
            s3,
            TestConfigs.target(
                name, pg.host(), pg.port(), "big", "backup: { maxRate: " + maxRate + " }"),
            "shutdown: { gracefulTimeout: " + gracefulTimeout + " }");
    Path config = TestConfigs.write(work.resolve(name), yaml);
    TargetConfig target =
        new ConfigLoader(Map.of()).load(ConfigSource.file(config)).requireTarget(name);
    return new Setup(config, s3, target);
  }

  private DrdProcess daemon(Setup setup) throws InterruptedException {
    DrdProcess daemon =
        DrdProcess.start(work, Map.of(), "serve", "--config", setup.config().toString());
    daemon.awaitLog("drd is ready", Duration.ofMinutes(1));
    return daemon;
  }

  private WorkflowExecution startBackup(Setup setup) {
    return new BackupLauncher(temporal.client(), "shutdown-" + setup.target().name())
        .startManual(setup.target());
  }

  /** Waits until the dump has streamed some bytes: SIGTERM must hit it mid-way. */
  private void awaitDumping(WorkflowExecution execution) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      var pending =
          temporal
              .stubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(execution)
                      .build())
              .getPendingActivitiesList();
      if (pending.stream()
          .anyMatch(a ->
              a.getActivityType().getName().equals("BackupDump")
                  && a.hasHeartbeatDetails()
                  && a.getHeartbeatDetails().toString().contains("uploaded"))) {
        Thread.sleep(1500);
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the dump did not start");
  }

  private BackupResult result(WorkflowExecution execution)
      throws java.util.concurrent.TimeoutException {
    return temporal
        .client()
        .newUntypedWorkflowStub(
            execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty())
        .getResult(2, java.util.concurrent.TimeUnit.MINUTES, BackupResult.class);
  }

  private List<HistoryEvent> dumpAttempts(WorkflowExecution execution) {
    return temporal
        .client()
        .fetchHistory(execution.getWorkflowId(), execution.getRunId())
        .getEvents()
        .stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .toList();
  }

  /** A daemon that was sent SIGTERM while the dump ran, and what it logged; it has exited. */
  private record Stopped(
      WorkflowExecution execution, int exitCode, Duration tookToExit, String log) {}

  private Stopped sigtermDuringDump(Setup setup, Duration exitWithin) throws InterruptedException {
    try (DrdProcess daemon = daemon(setup)) {
      WorkflowExecution execution = startBackup(setup);
      awaitDumping(execution);
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
      assertDurable(setup, result(execution));
      second.sigterm();
      assertThat(second.waitFor(Duration.ofMinutes(1))).isZero();
      return dumpAttempts(execution);
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
    try (S3Client s3 = TestS3.client()) {
      assertThat(s3.listMultipartUploads(r -> r.bucket(setup.s3().bucket())).uploads())
          .as("no orphaned multipart upload")
          .isEmpty();
    }
  }

  private static void assertDurable(Setup setup, BackupResult result) throws Exception {
    try (S3ObjectStore store = S3ObjectStore.create(setup.s3())) {
      byte[] object = store.read(result.key());
      BackupManifest manifest = BackupManifest.fromJson(store.read(result.manifestKey()));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object));
      assertThat(sha).isEqualTo(result.sha256()).isEqualTo(manifest.sha256());
      assertThat(manifest.tables())
          .singleElement()
          .satisfies(t -> assertThat(t.rows()).isEqualTo(400_000));
    }
  }
}
