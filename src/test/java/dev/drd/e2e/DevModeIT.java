package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.postgres.Lsn;
import dev.drd.testing.DrdProcess;
import dev.drd.testing.Http;
import dev.drd.testing.ManualRestore;
import dev.drd.testing.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** As a user would: the README's dev mode, a backup by hand, then checking what landed. */
class DevModeIT {
  /**
   * The hourly schedule fired once mid-test, and retention (newest per day) deleted the backup that
   * the test was restoring: the test's backups are its own.
   */
  private static final Map<String, String> NO_SCHEDULED_BACKUP =
      Map.of("DRD_DEV_BACKUP_SCHEDULE", "0 0 1 1 *");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofMinutes(2);
  private static final java.util.List<Integer> DEV_PORTS =
      java.util.List.of(7233, 9000, 8081, 55432, 55433);

  @TempDir Path work;

  @Test
  void aBackupByHandLandsInTheLocalS3ApiAndRestores() throws Exception {
    Path state = work.resolve("var");
    String key;
    try (DrdProcess serve =
        DrdProcess.start(
            work, NO_SCHEDULED_BACKUP, "serve", "--dev", "--state-dir", state.toString())) {
      serve.awaitLog("drd dev mode is up", STARTUP);
      assertThat(Http.get(8081, "/ready").status()).isEqualTo(200);

      DrdProcess.Result run =
          DrdProcess.run(
              work,
              Duration.ofMinutes(2),
              "backup",
              "run",
              "--target",
              "sandbox",
              "--wait",
              "--json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("started backup of sandbox (backup/sandbox/manual)");
      JsonNode result = JSON.readTree(run.out());
      assertThat(result.get("workflowId").asText()).isEqualTo("backup/sandbox/manual");
      assertThat(result.get("status").asText()).isEqualTo("COMPLETED");
      key = result.get("key").asText();
      assertThat(key)
          .matches("sandbox/\\d{4}/\\d{2}/\\d{2}/\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.dump\\.zst");

      byte[] object;
      try (S3Client s3 = devS3()) {
        object = s3.getObjectAsBytes(r -> r.bucket("drd-dev").key(key)).asByteArray();
      }
      assertThat(object).hasSize(result.get("bytes").asInt());
      assertThat(sha256(object)).isEqualTo(result.get("sha256").asText());
      ManualRestore.Result listed = ManualRestore.list(object);
      assertThat(listed.exitCode()).as(listed.output()).isZero();
      assertThat(listed.output()).contains("TABLE DATA shop orders", "TABLE DATA shop order_items");

      DrdProcess.Result list =
          DrdProcess.run(
              work, Duration.ofMinutes(1), "backup", "list", "--target", "sandbox", "--json");
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(JSON.readTree(list.out()).get("backups").findValuesAsText("key"))
          .containsExactly(key);

      DrdProcess.Result status =
          DrdProcess.run(work, Duration.ofMinutes(1), "status", "backup/sandbox/manual", "--json");
      assertThat(status.exitCode()).as(status.err()).isZero();
      assertThat(JSON.readTree(status.out()).get("result").get("key").asText()).isEqualTo(key);
      DrdProcess.Result said =
          DrdProcess.run(work, Duration.ofMinutes(1), "status", "backup/sandbox/manual");
      assertThat(said.out())
          .containsPattern("backup of sandbox completed in [0-9.]+m?s")
          .containsPattern("size +[0-9.]+ (B|KiB|MiB) zstd")
          .contains(key)
          .doesNotContain("{");

      DrdProcess.Result restore =
          DrdProcess.run(
              work,
              Duration.ofMinutes(2),
              "restore",
              "run",
              "--target",
              "sandbox",
              "--into",
              "sandbox_copy",
              "--wait");
      assertThat(restore.exitCode()).as(restore.err()).isZero();
      assertThat(restore.out())
          .contains("into sandbox_copy on sandbox: VERIFIED", key, "the shop has customers");

      DrdProcess.Result drill =
          DrdProcess.run(
              work,
              Duration.ofMinutes(2),
              "drill",
              "run",
              "--target",
              "sandbox",
              "--wait",
              "--json");
      assertThat(drill.exitCode()).as(drill.err()).isZero();
      JsonNode report = JSON.readTree(drill.out());
      assertThat(report.get("passed").asBoolean()).isTrue();
      assertThat(report.get("scratchDropped").asBoolean()).isTrue();
      assertThat(report.get("backupKey").asText()).isEqualTo(key);
      assertThat(report.get("reportKey").asText()).startsWith("sandbox/drills/");

      DrdProcess.Result targets =
          DrdProcess.run(work, Duration.ofMinutes(1), "status", "--targets");
      assertThat(targets.exitCode()).as(targets.out() + targets.err()).isZero();
      assertThat(targets.out()).containsPattern("sandbox\\s+\\S+ ago\\s+\\S+ ago\\s+26h\\s+ok");

      theSandboxsWalIsArchivedUpToTheBackup(result.get("lsn").asText());

      recoveryRestoresTheSandboxInPlace(state, key);

      object[object.length / 2] ^= 0x01;
      try (S3Client s3 = devS3()) {
        s3.putObject(r -> r.bucket("drd-dev").key(key), RequestBody.fromBytes(object));
      }
      DrdProcess.Result damaged =
          DrdProcess.run(
              work,
              Duration.ofMinutes(2),
              "restore",
              "run",
              "--target",
              "sandbox",
              "--backup",
              key,
              "--into",
              "sandbox_damaged",
              "--wait");
      assertThat(damaged.exitCode()).as(damaged.err()).isEqualTo(1);
      assertThat(damaged.err())
          .contains(
              "[CHECKSUM_MISMATCH]", key, result.get("sha256").asText(), "Nothing was restored");

      failoverPromotesTheSandboxReplica(state);

      String metrics = Http.get(8081, "/metrics").body();
      assertThat(metrics)
          .contains("drd_backup_last_success_timestamp_seconds{target=\"sandbox\"}")
          .contains("drd_backup_duration_seconds_count{target=\"sandbox\"} 1")
          .contains("drd_drill_last_passed{target=\"sandbox\"} 1.0")
          .contains("temporal_");

      serve.sigterm();
      assertThat(serve.waitFor(Duration.ofMinutes(1))).as(serve.stderr()).isZero();
      assertThat(serve.stderr()).contains("shutdown 1/4", "shutdown 4/4", "drd stopped");
    }
    assertThat(DEV_PORTS)
        .allSatisfy(port -> assertThat(free(port)).as("port %d is free again", port).isTrue());

    try (DrdProcess again =
        DrdProcess.start(
            work, NO_SCHEDULED_BACKUP, "serve", "--dev", "--state-dir", state.toString())) {
      again.awaitLog("drd dev mode is up", STARTUP);
      assertThat(again.stderr()).doesNotContain("loading sample data");
      DrdProcess.Result list =
          DrdProcess.run(work, Duration.ofMinutes(1), "backup", "list", "--target", "sandbox");
      assertThat(list.out()).contains(key).contains("1 backup of sandbox");
      assertThat(again.kill()).as("kill -9, no shutdown hook runs").isEqualTo(137);
    }

    // Issue 14, case 10: the killed daemon's S3 API server (a child process) outlives it; the
    // next dev mode stops the one its pid file names, says so, and starts.
    try (DrdProcess third =
        DrdProcess.start(
            work, NO_SCHEDULED_BACKUP, "serve", "--dev", "--state-dir", state.toString())) {
      third.awaitLog("drd dev mode is up", STARTUP);
      assertThat(third.stderr())
          .contains(
              "stopping the S3 API server (s3proxy, pid", "that an earlier dev mode left running");
      third.sigterm();
      assertThat(third.waitFor(Duration.ofMinutes(1))).isZero();
    }
  }

  /** Dev mode archives the sandbox's WAL out of the box: at least up to the backup's LSN. */
  private void theSandboxsWalIsArchivedUpToTheBackup(String backupLsn) throws Exception {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    Poll.until(
        Duration.ofSeconds(60),
        () -> "archive status: " + last.get(),
        () -> {
          DrdProcess.Result status = runQuietly("archive", "status", "--json");
          try {
            last.set(JSON.readTree(status.out()).get("servers").get(0));
          } catch (IOException e) {
            return false;
          }
          JsonNode s = last.get();
          return s.get("streaming").asBoolean()
              && s.hasNonNull("archivedLsn")
              && Lsn.parse(s.get("archivedLsn").asText()) >= Lsn.parse(backupLsn);
        });
    assertThat(last.get().get("target").asText()).isEqualTo("sandbox");
    assertThat(last.get().get("gaps")).isEmpty();
    DrdProcess.Result human = runQuietly("archive", "status");
    assertThat(human.out()).contains("sandbox: streaming", "drd_sandbox");

    DrdProcess.Result base =
        DrdProcess.run(
            work,
            Duration.ofMinutes(3),
            "archive",
            "backup",
            "--target",
            "sandbox",
            "--wait",
            "--json");
    assertThat(base.exitCode()).as(base.err()).isZero();
    JsonNode manifest = JSON.readTree(base.out());
    assertThat(manifest.get("key").asText())
        .matches("sandbox/base/\\d{8}T\\d{6}Z-\\w+\\.tar\\.zst");
    assertThat(manifest.get("stopLsn").asText()).isNotBlank();

    Path pitr = work.resolve("pitr");
    DrdProcess.Result restored = pointInTime("restore", "--data-dir", pitr.toString());
    assertThat(restored.exitCode()).as(restored.err()).isZero();
    JsonNode result = JSON.readTree(restored.out());
    assertThat(result.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(result.get("baseBackupKey").asText()).isEqualTo(manifest.get("key").asText());
    assertThat(Lsn.parse(result.get("reachedLsn").asText()))
        .isGreaterThanOrEqualTo(Lsn.parse(manifest.get("stopLsn").asText()));
    assertThat(pitr.resolve("PG_VERSION")).exists();
    assertThat(pitr.resolve("recovery.signal")).doesNotExist();

    DrdProcess.Result copied = pointInTime("restore", "--into", "sandbox_at_latest");
    assertThat(copied.exitCode()).as(copied.err()).isZero();
    JsonNode copy = JSON.readTree(copied.out());
    assertThat(copy.get("workflowId").asText()).isEqualTo("restore/sandbox/sandbox_at_latest");
    assertThat(copy.at("/verification/tablesChecked").asInt()).isPositive();
    assertThat(copy.at("/verification/mismatchCount").asInt()).isZero();

    DrdProcess.Result drill = pointInTime("drill");
    assertThat(drill.exitCode()).as(drill.err()).isZero();
    JsonNode report = JSON.readTree(drill.out());
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.at("/pointInTime/at").asText()).isEqualTo("latest");
    assertThat(report.at("/pointInTime/reachedLsn").asText()).isNotBlank();
  }

  /** {@code drd restore|drill run --target sandbox --at latest ... --wait --json}. */
  private DrdProcess.Result pointInTime(String command, String... destination) throws Exception {
    List<String> args =
        new ArrayList<>(List.of(command, "run", "--target", "sandbox", "--at", "latest"));
    args.addAll(List.of(destination));
    args.addAll(List.of("--wait", "--json"));
    return DrdProcess.run(work, Duration.ofMinutes(5), args.toArray(String[]::new));
  }

  private DrdProcess.Result runQuietly(String... args) {
    try {
      return DrdProcess.run(work, Duration.ofMinutes(1), args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The README's dev recovery: the damaged sandbox is restored in place from the backup, the
   * damaged one kept, the stand-in services stopped and started again.
   */
  private void recoveryRestoresTheSandboxInPlace(Path state, String key) throws Exception {
    long items;
    try (Connection primary = devDatabase(55432);
        Statement p = primary.createStatement()) {
      items = Long.parseLong(scalar(p, "SELECT count(*) FROM shop.order_items"));
      p.execute("DELETE FROM shop.order_items WHERE order_id % 2 = 0");
      p.execute("DROP TABLE shop.products CASCADE");
    }
    JsonNode progress = runToTheEnd("recover", "runbooks/recover-dev.yaml");

    assertThat(progress.get("workflowId").asText()).isEqualTo("recover/sandbox");
    assertThat(progress.get("steps").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).contains("ok backup-checksum: " + key))
        .anySatisfy(m -> assertThat(m).startsWith("restored " + key + " into sandbox"))
        .anySatisfy(m -> assertThat(m).isEqualTo("0 → 2 replicas, 2 ready"));
    assertThat(progress.get("figures").findValuesAsText("name"))
        .containsExactly("rto", "data-loss-window");
    Duration rto = Duration.parse(progress.get("figures").get(0).get("value").asText());
    assertThat(rto).isPositive().isLessThan(Duration.ofMinutes(3));
    System.out.printf("dev-mode recovery: RTO %s, timings %s%n", rto, progress.get("timings"));

    try (Connection primary = devDatabase(55432);
        Statement p = primary.createStatement()) {
      assertThat(Long.parseLong(scalar(p, "SELECT count(*) FROM shop.order_items")))
          .isEqualTo(items);
      assertThat(scalar(p, "SELECT count(*) > 0 FROM shop.products")).isEqualTo("t");
      assertThat(
              scalar(
                  p,
                  "SELECT string_agg(datname, ',') FROM pg_database"
                      + " WHERE datname LIKE 'sandbox_corrupt_%'"))
          .matches("sandbox_corrupt_\\d{8}_\\d{6}");
    }
    assertThat(Files.readString(state.resolve("dev-cluster.json")))
        .contains("\"dev-east/shop/Deployment/shop-api\" : 2")
        .contains("\"dev-east/shop/Deployment/shop-worker\" : 1");
  }

  /** The README's dev failover: the replica takes writes, the primary does not, stand-ins moved. */
  private void failoverPromotesTheSandboxReplica(Path state) throws Exception {
    String runbook = Path.of("runbooks/failover-dev.yaml").toAbsolutePath().toString();
    JsonNode progress = runToTheEnd("failover", "runbooks/failover-dev.yaml");
    assertThat(progress.get("workflowId").asText()).isEqualTo("failover/dev-east-to-dev-west");
    assertThat(progress.get("steps").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).startsWith("promoted in"))
        .anySatisfy(m -> assertThat(m).contains("2 → 0 replicas"));
    JsonNode timings = progress.get("timings");
    assertThat(Duration.parse(timings.get("total").asText()))
        .isGreaterThanOrEqualTo(Duration.parse(timings.get("steps").asText()));

    try (Connection replica = devDatabase(55433);
        Connection primary = devDatabase(55432);
        Statement r = replica.createStatement();
        Statement p = primary.createStatement()) {
      assertThat(scalar(r, "SELECT pg_is_in_recovery()")).isEqualTo("f");
      r.execute("CREATE TABLE after_failover (id int)");
      assertThat(scalar(p, "SHOW default_transaction_read_only")).isEqualTo("on");
    }
    assertThat(Files.readString(state.resolve("dev-cluster.json")))
        .contains("\"dev-east/shop/Deployment/shop-api\" : 0")
        .contains("\"dev-west/shop/Deployment/shop-api\" : 2");
    assertThat(Files.readString(state.resolve("dev-dns.json")))
        .contains("replica.sandbox.drd.test.");

    DrdProcess.Result status =
        DrdProcess.run(work, Duration.ofMinutes(1), "failover", "status", "dev-east-to-dev-west");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("COMPLETED", "steps", "orchestration");

    DrdProcess.Result again =
        DrdProcess.run(
            work, Duration.ofMinutes(1), "failover", "start", "--runbook", runbook, "--yes");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(1);
    assertThat(again.out()).contains("FAILED replica-in-recovery", "promoted before?");
  }

  /**
   * {@code drd <runbook> start --runbook FILE --yes --wait --json}: it must complete with every
   * step done; returns its progress.
   */
  private JsonNode runToTheEnd(String command, String runbookFile) throws Exception {
    String runbook = Path.of(runbookFile).toAbsolutePath().toString();
    DrdProcess.Result run =
        DrdProcess.run(
            work,
            Duration.ofMinutes(3),
            command,
            "start",
            "--runbook",
            runbook,
            "--yes",
            "--wait",
            "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("DONE");
    JsonNode progress = JSON.readTree(run.out());
    assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(progress.get("steps").findValuesAsText("state")).containsOnly("DONE");
    return progress;
  }

  private static Connection devDatabase(int port) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:%d/sandbox?user=postgres".formatted(port));
  }

  private static String scalar(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static S3Client devS3() {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:9000"))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("drd-dev", "drd-dev-secret")))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
