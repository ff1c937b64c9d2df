package dev.drd.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.backup.BackupActivitiesImpl;
import dev.drd.backup.BackupManifest;
import dev.drd.backup.BackupMetrics;
import dev.drd.backup.BackupRequest;
import dev.drd.backup.BackupResult;
import dev.drd.backup.BackupWorkflow;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.backup.RecoveryInProgress;
import dev.drd.backup.VerifiedBackups;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.TableRows;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.FaultyHttpProxy;
import dev.drd.testing.FaultyHttpProxy.Burst;
import dev.drd.testing.FaultyHttpProxy.Request;
import dev.drd.testing.ManualRestore;
import dev.drd.testing.S3Error;
import dev.drd.testing.Sql;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The backup runbook on a real PostgreSQL, writing to a real S3 API through a proxy that answers
 * bursts of requests with 500 and 503: the backup is whole, single, and leaves no upload behind.
 */
class S3FaultsTest {
  /** What the AWS SDK makes of one call by default: the first try and three retries. */
  private static final int SDK_ATTEMPTS = 4;

  private static final long NOISE_ROWS = 400_000;
  private static final Predicate<Request> LIST_UPLOADS =
      r -> r.method().equals("GET") && r.parameter("uploads").isPresent();
  private static final Predicate<Request> LIST_OBJECTS =
      r -> r.method().equals("GET") && r.parameter("list-type").isPresent();
  private static final Predicate<Request> CREATE_UPLOAD =
      r -> r.method().equals("POST") && r.parameter("uploads").isPresent();
  private static final Predicate<Request> UPLOAD_PART =
      r -> r.method().equals("PUT") && r.parameter("partNumber").isPresent();
  private static final Predicate<Request> COMPLETE_UPLOAD =
      r -> r.method().equals("POST") && r.parameter("uploadId").isPresent();
  private static final Predicate<Request> DUMP_HEAD =
      r -> r.method().equals("HEAD") && r.path().endsWith(".dump.zst");
  private static final Predicate<Request> MANIFEST_PUT =
      r -> r.method().equals("PUT") && r.path().endsWith(".manifest.json");

  static TestPostgres pg;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(BackupWorkflowImpl.class);

  private final StorageConfig bucket = TestS3.newBucket("prod");
  private final FaultyHttpProxy proxy = FaultyHttpProxy.start(TestS3.endpoint());
  private final S3ObjectStore store = S3ObjectStore.create(proxy.inFrontOf(bucket));

  @BeforeAll
  static void database() {
    pg = TestPostgres.start();
    pg.createDatabase("shop");
    pg.execute("shop", Sql.TRICKY);
    // md5 text barely compresses: the dump spans several 5 MiB parts
    pg.execute(
        "shop",
        "CREATE TABLE public.noise AS SELECT g, md5(g::text) || md5((g * 7)::text) AS hex"
            + " FROM generate_series(1, "
            + NOISE_ROWS
            + ") g");
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @AfterEach
  void closeProxy() {
    store.close();
    proxy.close();
  }

  @Test
  void shortBurstsOnEveryKindOfRequestABackupSendsAreRetriedByTheSdk(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    Burst listUploads = proxy.failNext(2, S3Error.INTERNAL_ERROR, LIST_UPLOADS);
    Burst create = proxy.failNext(2, S3Error.SLOW_DOWN, CREATE_UPLOAD);
    Burst parts = proxy.failNext(SDK_ATTEMPTS - 1, S3Error.INTERNAL_ERROR, UPLOAD_PART);
    Burst complete = proxy.failNext(2, S3Error.SERVICE_UNAVAILABLE, COMPLETE_UPLOAD);
    Burst head = proxy.failNext(2, S3Error.INTERNAL_ERROR, DUMP_HEAD);
    Burst manifest = proxy.failNext(SDK_ATTEMPTS - 1, S3Error.SERVICE_UNAVAILABLE, MANIFEST_PUT);
    Burst listObjects = proxy.failNext(2, S3Error.INTERNAL_ERROR, LIST_OBJECTS);

    BackupResult result = backUp(env, worker, client, "backup/shop/short-bursts");

    assertThat(listUploads.hits()).hasSize(2);
    assertThat(create.hits()).hasSize(2);
    assertThat(parts.hits()).hasSize(SDK_ATTEMPTS - 1);
    assertThat(complete.hits()).hasSize(2);
    assertThat(head.hits()).hasSize(2);
    assertThat(manifest.hits()).hasSize(SDK_ATTEMPTS - 1);
    assertThat(listObjects.hits()).hasSize(2);
    assertThat(proxy.injected()).isEqualTo(2 + 2 + 3 + 2 + 2 + 3 + 2);
    assertThat(attempts(client, "backup/shop/short-bursts"))
        .as("no activity needed a second attempt")
        .isEqualTo(finishedAt(1, 1));
    assertOneWholeBackup(result);
  }

  @Test
  void aBurstLongerThanTheSdkRetriesOnAPartFailsTheDumpAttemptAndTheActivityRetryUploadsAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    Burst part2 =
        proxy.failNext(
            SDK_ATTEMPTS + 1,
            S3Error.INTERNAL_ERROR,
            UPLOAD_PART.and(r -> r.parameter("partNumber").orElseThrow().equals("2")));

    BackupResult result = backUp(env, worker, client, "backup/shop/long-part-burst");

    List<String> uploads =
        part2.hits().stream().map(r -> r.parameter("uploadId").orElseThrow()).toList();
    assertThat(uploads).hasSize(SDK_ATTEMPTS + 1);
    assertThat(uploads.subList(0, SDK_ATTEMPTS))
        .as("the SDK retried the part in one upload")
        .containsOnly(uploads.getFirst());
    assertThat(uploads.getLast())
        .as("the retried dump started a new upload")
        .isNotEqualTo(uploads.getFirst());
    assertThat(proxy.injected()).isEqualTo(SDK_ATTEMPTS + 1);
    assertThat(attempts(client, "backup/shop/long-part-burst")).isEqualTo(finishedAt(2, 1));
    assertOneWholeBackup(result);
  }

  @Test
  void burstsLongerThanTheSdkRetriesOnCompletingCheckingAndTheManifestAreRetriedByActivities(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    Burst complete = proxy.failNext(SDK_ATTEMPTS, S3Error.INTERNAL_ERROR, COMPLETE_UPLOAD);
    // after a completion that worked: the dump attempt aborts an upload S3 already completed
    Burst head = proxy.failNext(SDK_ATTEMPTS, S3Error.INTERNAL_ERROR, DUMP_HEAD);
    Burst manifest = proxy.failNext(SDK_ATTEMPTS, S3Error.SERVICE_UNAVAILABLE, MANIFEST_PUT);

    BackupResult result = backUp(env, worker, client, "backup/shop/long-bursts");

    assertThat(complete.hits()).hasSize(SDK_ATTEMPTS);
    assertThat(head.hits()).hasSize(SDK_ATTEMPTS);
    assertThat(manifest.hits()).hasSize(SDK_ATTEMPTS);
    assertThat(proxy.injected()).isEqualTo(3 * SDK_ATTEMPTS);
    assertThat(attempts(client, "backup/shop/long-bursts")).isEqualTo(finishedAt(3, 2));
    assertOneWholeBackup(result);
  }

  private BackupResult backUp(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, String workflowId) {
    worker.registerActivitiesImplementations(
        new BackupActivitiesImpl(
            config(),
            new Secrets(Map.of()),
            () -> PgTools.locate(Optional.empty()),
            store,
            new BackupMetrics(new SimpleMeterRegistry()),
            VerifiedBackups.NONE,
            Clock.systemUTC(),
            RecoveryInProgress.NONE));
    env.start();
    return client
        .newWorkflowStub(
            BackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run(new BackupRequest("shop", null, Duration.ofMinutes(10)));
  }

  private DrdConfig config() {
    String target = TestConfigs.target("shop", pg.host(), pg.port(), "shop", "");
    return new ConfigLoader(Map.of())
        .load(
            new ConfigSource(
                "test",
                TestConfigs.yaml("127.0.0.1:7233", "q", proxy.inFrontOf(bucket), target, "")));
  }

  /** Read past the proxy: exactly the dump and its manifest, matching, and nothing half done. */
  private void assertOneWholeBackup(BackupResult result) throws Exception {
    try (S3Client s3 = TestS3.client()) {
      List<String> keys =
          s3
              .listObjectsV2Paginator(r -> r.bucket(bucket.bucket()).prefix("prod/shop/"))
              .contents()
              .stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys).containsExactlyInAnyOrder(result.key(), result.manifestKey());
      assertThat(s3.listMultipartUploads(r -> r.bucket(bucket.bucket())).uploads()).isEmpty();

      BackupManifest manifest = BackupManifest.fromJson(read(s3, result.manifestKey()));
      byte[] dump = read(s3, result.key());
      assertThat(dump.length)
          .as("a dump of three parts or more")
          .isGreaterThan(2 * (int) bucket.partSize().bytes());
      assertThat((long) dump.length).isEqualTo(manifest.bytes());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dump)))
          .isEqualTo(manifest.sha256());
      assertThat(manifest.tables()).contains(new TableRows("public", "noise", NOISE_ROWS));
      ManualRestore.Result listed = ManualRestore.list(dump);
      assertThat(listed.exitCode()).as(listed.output()).isZero();
      assertThat(listed.output()).contains("TABLE DATA public noise");
    }
  }

  private byte[] read(S3Client s3, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket.bucket()).key(key)).asByteArray();
  }

  /** The attempts a backup's activities end with when only the dump and the manifest fail. */
  private static Map<String, Integer> finishedAt(int dumpAttempt, int manifestAttempt) {
    return Map.of(
        "BackupInspect",
        1,
        "BackupDump",
        dumpAttempt,
        "BackupWriteManifest",
        manifestAttempt,
        "BackupApplyRetention",
        1);
  }

  /** The attempt each activity of the workflow finished with, by activity type. */
  private static Map<String, Integer> attempts(WorkflowClient client, String workflowId) {
    Map<Long, String> scheduled = new HashMap<>();
    Map<String, Integer> attempts = new HashMap<>();
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        scheduled.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.hasActivityTaskStartedEventAttributes()) {
        var started = e.getActivityTaskStartedEventAttributes();
        attempts.put(scheduled.get(started.getScheduledEventId()), started.getAttempt());
      }
    }
    return attempts;
  }
}
