package dev.drd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupManifest;
import dev.drd.backup.BackupResult;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.StorageConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * drd daemons as processes against a real PostgreSQL, S3 and Temporal's test server, with a
 * connection to that server to start and inspect their workflows; register it as a static
 * extension, which starts PostgreSQL before the class's tests. The Temporal service outlives the
 * daemons (it runs in this JVM), as it does in production.
 */
public final class BackupDaemons implements BeforeAllCallback, AfterAllCallback {
  /** The rows of {@link #bigDatabase()}'s one table. */
  public static final long BIG_ROWS = 400_000;

  private static final String BIG = "big";

  private TestPostgres pg;
  private TemporalConnection temporal;
  private boolean bigCreated;

  @Override
  public void beforeAll(ExtensionContext context) {
    pg = TestPostgres.start();
    temporal =
        TemporalConnection.connect(
            new ConfigLoader(Map.of())
                .load(new ConfigSource("t", "storage: { bucket: unused }"))
                .temporal()
                .withTarget(TestTemporal.target()),
            null,
            Duration.ofSeconds(10));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (temporal != null) {
      temporal.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  public TestPostgres pg() {
    return pg;
  }

  public TemporalConnection temporal() {
    return temporal;
  }

  /** ~40 MiB of incompressible-ish text: long enough to dump slowly under a rate limit. */
  public synchronized String bigDatabase() {
    if (!bigCreated) {
      pg.createDatabase(BIG);
      pg.execute(
          BIG,
          "CREATE TABLE t AS SELECT g, md5(g::text) a, md5((g * 7)::text) b FROM generate_series(1, %d) g"
              .formatted(BIG_ROWS));
      bigCreated = true;
    }
    return BIG;
  }

  /** A daemon's config file, its bucket, and the config as loaded. */
  public record Setup(String name, Path file, StorageConfig s3, DrdConfig config) {}

  /** A config whose one target, named {@code name}, backs up {@link #bigDatabase()}. */
  public Setup bigSetup(Path dir, String name, String maxRate, String extra) {
    return setup(
        dir,
        name,
        TestConfigs.target(
            name, pg.host(), pg.port(), bigDatabase(), "backup: { maxRate: " + maxRate + " }"),
        extra);
  }

  /**
   * A config in {@code dir}, with a bucket and a task queue of its own.
   *
   * @param name names the task queue and the config's folder
   * @param targets the YAML of the {@code targets:} list items
   */
  public Setup setup(Path dir, String name, String targets, String extra) {
    StorageConfig s3 = TestS3.newBucket("");
    String yaml = TestConfigs.yaml(TestTemporal.target(), "daemons-" + name, s3, targets, extra);
    Path file = TestConfigs.write(dir.resolve(name), yaml);
    return new Setup(name, file, s3, new ConfigLoader(Map.of()).load(ConfigSource.file(file)));
  }

  /** {@code drd serve} with the setup's config, once it is ready. */
  public DrdProcess serve(Path workDir, Setup setup, Map<String, String> env)
      throws InterruptedException {
    DrdProcess daemon =
        DrdProcess.start(workDir, env, "serve", "--config", setup.file().toString());
    daemon.awaitLog("drd is ready", Duration.ofMinutes(1));
    return daemon;
  }

  /** Starts a backup by hand of the target named like the setup. */
  public WorkflowExecution startBackup(Setup setup) {
    return new BackupLauncher(temporal.client(), setup.config().temporal().taskQueue())
        .startManual(setup.config().requireTarget(setup.name()));
  }

  /** Waits until the dump has reported progress, then lets it stream a while longer. */
  public void awaitDumping(WorkflowExecution execution) throws InterruptedException {
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

  public BackupResult result(WorkflowExecution execution) throws TimeoutException {
    return temporal
        .client()
        .newUntypedWorkflowStub(
            execution.getWorkflowId(), Optional.of(execution.getRunId()), Optional.empty())
        .getResult(2, TimeUnit.MINUTES, BackupResult.class);
  }

  /** Every attempt of every activity the workflow started. */
  public List<HistoryEvent> activityStarts(WorkflowExecution execution) {
    return temporal
        .client()
        .fetchHistory(execution.getWorkflowId(), execution.getRunId())
        .getEvents()
        .stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .toList();
  }

  /**
   * The stored object's SHA-256 and size are the result's and the manifest's, and it holds all of
   * {@link #bigDatabase()}.
   */
  public static void assertDurable(Setup setup, BackupResult result) throws Exception {
    try (S3ObjectStore store = S3ObjectStore.create(setup.s3())) {
      byte[] object = store.read(result.key());
      BackupManifest manifest = BackupManifest.fromJson(store.read(result.manifestKey()));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object));
      assertThat(sha).isEqualTo(result.sha256()).isEqualTo(manifest.sha256());
      assertThat((long) object.length).isEqualTo(result.bytes()).isEqualTo(manifest.bytes());
      assertThat(manifest.tables())
          .singleElement()
          .satisfies(t -> assertThat(t.rows()).isEqualTo(BIG_ROWS));
    }
  }

  /** Multipart uploads started in the setup's bucket and neither completed nor aborted. */
  public static List<MultipartUpload> openUploads(Setup setup) {
    try (S3Client s3 = TestS3.client()) {
      return s3.listMultipartUploads(r -> r.bucket(setup.s3().bucket())).uploads();
    }
  }

  /** The keys of the objects in the setup's bucket. */
  public static List<String> objects(Setup setup) {
    try (S3Client s3 = TestS3.client()) {
      return s3.listObjectsV2Paginator(r -> r.bucket(setup.s3().bucket())).contents().stream()
          .map(S3Object::key)
          .toList();
    }
  }
}
