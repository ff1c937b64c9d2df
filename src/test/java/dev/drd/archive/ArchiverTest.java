package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.config.DrdConfig;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.Lsn;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Poll;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The WAL archiver on a real PostgreSQL primary, a real S3 API and Temporal's test server. */
class ArchiverTest {
  private static final long SEGMENT = 16L << 20;

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(ArchiverWorkflowImpl.class);

  @TempDir Path workDir;
  private TestPostgres pg;
  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private final WalLayout layout = new WalLayout(storage.prefix());
  private ArchiverActivitiesImpl activities;

  @BeforeEach
  void server() {
    pg = TestPostgres.startLocal();
    pg.createDatabase("shop");
    pg.execute("shop", "CREATE TABLE orders (id bigint PRIMARY KEY, note text)");
  }

  @AfterEach
  void stop() throws IOException {
    if (activities != null) {
      activities.handOver();
    }
    pg.close();
  }

  private void startWorker(TestWorkflowEnvironment env, Worker worker) {
    DrdConfig config = TestArchives.config(storage, pg, workDir);
    activities = TestArchives.archivers(config, store);
    TestWorkflows.activitiesOnEveryQueue(env, worker, activities);
    env.start();
  }

  private static WorkflowStub startArchiver(WorkflowClient client, Worker worker, Duration runFor) {
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of()).start("shop", runFor);
    return client.newUntypedWorkflowStub(ArchiverLauncher.workflowId("shop"));
  }

  private ArchiveStatus status() {
    String key = layout.status("shop");
    return store.stat(key).isPresent() ? Documents.read(store, key, ArchiveStatus.class) : null;
  }

  private long lsn(String sql) {
    return Lsn.parse(pg.text("shop", sql));
  }

  /** Fills the current segment with committed rows, then switches: returns the segment's name. */
  private String writeAndSwitch(int from) {
    pg.execute(
        "shop",
        "INSERT INTO orders SELECT g, repeat('x', 200) FROM generate_series(%d, %d) g"
            .formatted(from, from + 999));
    String name = pg.text("shop", "SELECT pg_walfile_name(pg_current_wal_lsn())");
    pg.execute("shop", "SELECT pg_switch_wal()");
    return name;
  }

  private byte[] archived(String key) throws IOException {
    byte[] object;
    try (var in = store.open(key)) {
      object = in.readAllBytes();
    }
    Map<String, String> meta = store.metadata(key).orElseThrow();
    assertThat(meta.get("sha256")).as("SHA-256 of " + key).isEqualTo(sha256(object));
    try (ZstdInputStream zstd = new ZstdInputStream(new ByteArrayInputStream(object))) {
      return zstd.readAllBytes();
    }
  }

  private byte[] onServer(String segment) throws IOException {
    return Files.readAllBytes(pg.primary().dataDir().resolve("pg_wal").resolve(segment));
  }

  private List<String> wholeSegments() {
    return store.list(layout.wal("shop")).stream()
        .map(ObjectInfo::key)
        .map(WalLayout::wholeSegment)
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  /** The archiver's current run: a new one after each handover (continue-as-new). */
  private static String runOf(WorkflowClient client) {
    return dev.drd.temporal.Executions.describe(client, ArchiverLauncher.workflowId("shop"))
        .getWorkflowExecutionInfo()
        .getExecution()
        .getRunId();
  }

  private long slotRestart() {
    return lsn("SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name = 'drd_shop'");
  }

  @Test
  void aWholeSegmentIsArchivedAsTheServerWroteItAndOnlyThenLetGo(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startWorker(env, worker);
    startArchiver(client, worker, Duration.ofMinutes(10));
    Poll.until(Duration.ofSeconds(30), () -> "status: " + status(), () -> status() != null);

    String segment = writeAndSwitch(1);
    String key = layout.segment("shop", segment);
    Poll.until(
        Duration.ofSeconds(30),
        () -> "archive: " + wholeSegments(),
        () -> store.stat(key).isPresent());

    assertThat(archived(key)).isEqualTo(onServer(segment));
    assertThat(store.stat(layout.partial("shop", segment))).as("its partial, replaced").isEmpty();
    long end = new WalSegments(SEGMENT).startOf(segment) + SEGMENT;
    Poll.until(
        Duration.ofSeconds(15),
        () -> "slot at " + Lsn.format(slotRestart()),
        () -> slotRestart() >= end);
    ArchiveStatus status = status();
    assertThat(Lsn.parse(status.wholeSegmentsLsn())).isGreaterThanOrEqualTo(end);
    assertThat(slotRestart()).isLessThanOrEqualTo(Lsn.parse(status().wholeSegmentsLsn()));
  }

  @Test
  void committedWalIsInTheArchiveWithinMaxDelay(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startWorker(env, worker);
    startArchiver(client, worker, Duration.ofMinutes(10));
    Poll.until(Duration.ofSeconds(30), () -> "status: " + status(), () -> status() != null);

    pg.execute("shop", "INSERT INTO orders VALUES (1, 'the one row that must not be lost')");
    long committed = lsn("SELECT pg_current_wal_lsn()::text");
    long at = System.nanoTime();
    Poll.until(
        Duration.ofSeconds(10),
        () -> "status: " + status(),
        () -> status().archivedLsn() != null && Lsn.parse(status().archivedLsn()) >= committed);
    assertThat(Duration.ofNanos(System.nanoTime() - at))
        .as("maxDelay 2s, and a status written after the upload")
        .isLessThan(Duration.ofSeconds(4));

    String segment = pg.text("shop", "SELECT pg_walfile_name('" + Lsn.format(committed) + "')");
    byte[] partial = archived(layout.partial("shop", segment));
    long inSegment = committed - new WalSegments(SEGMENT).startOf(segment);
    assertThat((long) partial.length).isGreaterThanOrEqualTo(inSegment);
    assertThat(partial).isEqualTo(Arrays.copyOf(onServer(segment), partial.length));
  }

  @Test
  void aNewArchiverGoesOnWhereTheArchiveEndsWithNoGap(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startWorker(env, worker);
    // hands over every 3 s: each attempt resumes from what the one before archived
    WorkflowStub first = startArchiver(client, worker, Duration.ofSeconds(3));
    Poll.until(Duration.ofSeconds(30), () -> "status: " + status(), () -> status() != null);
    String one = writeAndSwitch(1);
    String firstRun = runOf(client);
    Poll.until(
        Duration.ofSeconds(30), () -> "no handover yet", () -> !runOf(client).equals(firstRun));
    String two = writeAndSwitch(1001);
    // the archiver goes away mid-segment, as when every daemon stops at once
    pg.execute("shop", "INSERT INTO orders VALUES (5000, 'mid-segment')");
    Poll.until(
        Duration.ofSeconds(30),
        () -> "archive: " + wholeSegments(),
        () -> wholeSegments().contains(two));
    first.terminate("the test stops it mid-segment");
    String three = writeAndSwitch(2001);

    startArchiver(client, worker, Duration.ofMinutes(10));
    Poll.until(
        Duration.ofSeconds(60),
        () -> "archive: " + wholeSegments(),
        () -> wholeSegments().contains(three));

    List<String> archived = wholeSegments();
    WalSegments segments = new WalSegments(SEGMENT);
    for (int i = 1; i < archived.size(); i++) {
      assertThat(segments.startOf(archived.get(i)))
          .as("segment after " + archived.get(i - 1))
          .isEqualTo(segments.startOf(archived.get(i - 1)) + SEGMENT);
    }
    assertThat(archived).contains(one, two, three);
    assertThat(archived(layout.segment("shop", three))).isEqualTo(onServer(three));
    assertThat(status().gaps()).isEmpty();
    assertThat(
            client
                .newUntypedWorkflowStub(ArchiverLauncher.workflowId("shop"))
                .describe()
                .getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
