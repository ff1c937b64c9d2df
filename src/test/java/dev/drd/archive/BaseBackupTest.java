package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.config.DrdConfig;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.Lsn;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.WorkQueues;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Base backups of an archived server: pg_basebackup, a real S3 API, the archiver beside it. */
class BaseBackupTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflows.extension(ArchiverWorkflowImpl.class, BaseBackupWorkflowImpl.class);

  @TempDir Path workDir;
  private TestPostgres pg;
  private final StorageConfig storage = TestS3.newBucket("prod");
  private final S3ObjectStore store = S3ObjectStore.create(storage);
  private ArchiverActivitiesImpl archivers;
  private DrdConfig config;

  @BeforeEach
  void server() {
    pg = TestPostgres.startLocal();
    pg.createDatabase("shop");
    pg.execute(
        "shop",
        "CREATE TABLE orders AS SELECT g id, md5(g::text) note FROM generate_series(1, 20000) g");
  }

  @AfterEach
  void stop() throws IOException {
    if (archivers != null) {
      archivers.handOver();
    }
    pg.close();
  }

  private void startWorker(TestWorkflowEnvironment env, Worker worker) {
    config = TestArchives.config(storage, pg, workDir);
    archivers = TestArchives.archivers(config, store);
    TestWorkflows.activitiesOnEveryQueue(
        env, worker, archivers, TestArchives.baseBackups(config, store));
    env.start();
  }

  private static BaseBackupManifest baseBackup(
      WorkflowClient client, Worker worker, String id, Duration walWait) {
    return workflow(client, worker, id)
        .run(
            new BaseBackupRequest(
                "shop", Instant.parse("2026-12-03T03:00:00Z"), "run00001", walWait));
  }

  private static BaseBackupWorkflow workflow(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        BaseBackupWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(worker.getTaskQueue())
            .setMemo(WorkQueues.memo())
            .build());
  }

  @Test
  void aBaseBackupIsTheServersDataDirectoryCompleteOnceTheArchiveHoldsItsWal(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startWorker(env, worker);
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("shop", Duration.ofMinutes(10));
    TestArchives.awaitStreaming(store, storage);

    BaseBackupManifest m =
        baseBackup(client, worker, "base-backup/shop/manual", Duration.ofMinutes(1));

    assertThat(m.key()).isEqualTo("prod/shop/base/20261203T030000Z-run00001.tar.zst");
    assertThat(m.manifestKey()).isEqualTo("prod/shop/base/20261203T030000Z-run00001.manifest.json");
    assertThat(m.timeline()).isEqualTo(1);
    assertThat(Lsn.parse(m.stopLsn())).isGreaterThan(Lsn.parse(m.startLsn()));
    ArchiveStatus status = ArchiveStatus.read(store, storage.prefix(), "shop").orElseThrow();
    assertThat(m.systemId()).isEqualTo(status.systemId());
    assertThat(Lsn.parse(status.archivedLsn())).isGreaterThanOrEqualTo(Lsn.parse(m.stopLsn()));
    assertThat(m.serverVersion()).startsWith(pg.text("shop", "SHOW server_version"));

    Map<String, byte[]> files = new HashMap<>();
    String sha256;
    long tarBytes;
    try (DigestInputStream object =
            new DigestInputStream(store.open(m.key()), MessageDigest.getInstance("SHA-256"));
        ZstdInputStream tar = new ZstdInputStream(object)) {
      tarBytes = readTar(tar, files, List.of("backup_label", "PG_VERSION", "backup_manifest"));
      object.transferTo(java.io.OutputStream.nullOutputStream());
      sha256 = HexFormat.of().formatHex(object.getMessageDigest().digest());
    }
    assertThat(sha256).isEqualTo(m.sha256());
    assertThat(tarBytes).isEqualTo(m.tarBytes());
    assertThat(new String(files.get("backup_label"), StandardCharsets.US_ASCII))
        .contains("START WAL LOCATION: " + m.startLsn())
        .contains("START TIMELINE: 1");
    assertThat(new String(files.get("PG_VERSION"), StandardCharsets.US_ASCII).strip())
        .isEqualTo(Integer.toString(TestPostgres.tools().majorVersion("pg_basebackup")));
    assertThat(BaseBackups.complete(store, storage.prefix(), "shop"))
        .extracting(BaseBackupManifest::key)
        .containsExactly(m.key());
    assertThat(client.fetchHistory("base-backup/shop/manual").getEvents())
        .filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
        .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .as("retention runs once the base backup is complete")
        .containsExactly("TakeBaseBackup", "CompleteBaseBackup", "PruneArchive");
    TestWorkflows.recordHistory(client, "base-backup/shop/manual", "base-backup-pruned.json");
  }

  @Test
  void withoutItsWalInTheArchiveABaseBackupStaysIncompleteAndSaysWhy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startWorker(env, worker);
    // no archiver runs: the WAL the backup needs never reaches the archive

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> baseBackup(client, worker, "bb-no-wal", Duration.ofSeconds(3)));

    ApplicationFailure failure = (ApplicationFailure) e.getCause().getCause();
    assertThat(failure.getType()).isEqualTo("WAL_NOT_ARCHIVED");
    assertThat(failure.getOriginalMessage())
        .contains("the archive of shop reaches nothing yet", "drd archive status --target shop");
    assertThat(store.stat("prod/shop/base/20261203T030000Z-run00001.tar.zst")).isPresent();
    assertThat(BaseBackups.complete(store, storage.prefix(), "shop")).isEmpty();
    TestWorkflows.recordHistory(client, "bb-no-wal", "base-backup-wal-not-archived.json");
  }

  /** Reads a tar to its end, keeping the named files; returns its size. */
  private static long readTar(InputStream in, Map<String, byte[]> keep, List<String> names)
      throws IOException {
    long read = 0;
    byte[] header = new byte[512];
    while (true) {
      int n = in.readNBytes(header, 0, 512);
      read += n;
      if (n < 512) {
        return read;
      }
      String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replaceAll("\0.*", "");
      if (name.isEmpty()) {
        read += in.transferTo(java.io.OutputStream.nullOutputStream());
        return read;
      }
      long size =
          Long.parseLong(
              new String(header, 124, 12, StandardCharsets.US_ASCII).replaceAll("[\0 ]", ""), 8);
      byte[] content = in.readNBytes((int) size);
      read += content.length;
      if (names.contains(name)) {
        keep.put(name, content);
      }
      long pad = (512 - size % 512) % 512;
      read += in.readNBytes((int) pad).length;
    }
  }

  @Test
  void twoBaseBackupsOfOneServerInTheSameSecondAreBothCompleteUnderTheirOwnKeys(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    startWorker(env, worker);
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("shop", Duration.ofMinutes(10));
    TestArchives.awaitStreaming(store, storage);
    Instant second = Instant.parse("2026-12-03T03:00:00Z");

    WorkflowClient.start(
        workflow(client, worker, "base-backup/shop/" + second)::run,
        new BaseBackupRequest("shop", second, "sched001", Duration.ofMinutes(1)));
    BaseBackupManifest byHand =
        workflow(client, worker, "base-backup/shop/manual")
            .run(new BaseBackupRequest("shop", second, "hand0001", Duration.ofMinutes(1)));
    BaseBackupManifest scheduled =
        client
            .newUntypedWorkflowStub("base-backup/shop/" + second)
            .getResult(BaseBackupManifest.class);

    assertThat(byHand.key()).isNotEqualTo(scheduled.key());
    assertThat(BaseBackups.complete(store, storage.prefix(), "shop"))
        .extracting(BaseBackupManifest::key)
        .containsExactlyInAnyOrder(byHand.key(), scheduled.key());
    for (BaseBackupManifest m : List.of(byHand, scheduled)) {
      assertThat(store.stat(m.key()).orElseThrow().size()).isEqualTo(m.bytes());
    }
  }
}
