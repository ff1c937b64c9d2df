package dev.drd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Cli;
import dev.drd.testing.Http;
import dev.drd.testing.Ports;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import io.temporal.testserver.TestServer;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in this JVM against a real Temporal (gRPC) and a real S3 API. */
class DaemonTest {
  @TempDir Path dir;
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.shutdown();
    }
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    StorageConfig s3 = TestS3.newBucket("");
    String yaml =
        TestConfigs.yaml(
            TestTemporal.target(),
            "daemon-health",
            s3,
            TestConfigs.target("health", "127.0.0.1", 5432, "db", ""),
            "");
    daemon =
        Daemon.start(
            new ConfigLoader(Map.of()).load(new ConfigSource("t", yaml)), new Secrets(Map.of()));
    int port = daemon.httpPort();

    assertThat(Http.get(port, "/health")).isEqualTo(new Http.Response(200, "ok\n"));
    assertThat(Http.get(port, "/ready")).isEqualTo(new Http.Response(200, "ready\n"));
    Http.Response metrics = Http.get(port, "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds");

    daemon.shutdown();
    assertThat(daemon.ready()).isFalse();
    assertThatThrownBy(() -> Http.get(port, "/health")).isInstanceOf(ConnectException.class);
    daemon = null;
  }

  @Test
  void temporalGoneAtTheStartStopsTheDaemonWithExitTwo() {
    String closed = "127.0.0.1:" + Ports.free();
    Path file =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                closed,
                "daemon-gone",
                TestS3.newBucket(""),
                TestConfigs.target("gone", "127.0.0.1", 5432, "db", ""),
                ""));

    Cli.Run run = Cli.run("serve", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot reach Temporal at " + closed);
  }

  /**
   * Issue 14, case 10: a missing bucket or refused credentials used to pass the start and fail
   * every backup later; the daemon now does not start, naming storage.
   */
  @Test
  void aMissingBucketOrRefusedCredentialsStopTheDaemonWithExitTwoNamingStorage() {
    StorageConfig good = TestS3.newBucket("");
    StorageConfig missing =
        new StorageConfig(
            good.bucket() + "-missing",
            "",
            good.region(),
            good.endpoint(),
            true,
            good.accessKeyId(),
            good.secretAccessKey(),
            good.partSize());
    StorageConfig refused =
        new StorageConfig(
            good.bucket(),
            "",
            good.region(),
            good.endpoint(),
            true,
            good.accessKeyId(),
            "not-the-secret",
            good.partSize());

    for (StorageConfig storage : List.of(missing, refused)) {
      Path file =
          TestConfigs.write(
              dir,
              TestConfigs.yaml(
                  TestTemporal.target(),
                  "daemon-storage",
                  storage,
                  TestConfigs.target("s", "127.0.0.1", 5432, "db", ""),
                  ""));

      Cli.Run run = Cli.run("serve", "--config", file.toString());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err())
          .contains("storage cannot be used (bucket " + storage.bucket())
          .containsAnyOf("does not exist", "denied access");
    }
  }

  /**
   * Issue 15, part 3: parts are held in memory, three per running dump; a part size that the heap
   * cannot hold for every data mover at once stops the start instead of the first big dump.
   */
  @Test
  void aPartSizeTheHeapCannotHoldForEveryDataMoverStopsTheDaemonWithExitTwo() {
    long held = 3L * (2000L << 20) * 64;
    assertThat(held)
        .as("the test JVM's heap must be smaller")
        .isGreaterThan(Runtime.getRuntime().maxMemory());
    Path file =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                    TestTemporal.target(),
                    "daemon-memory",
                    TestS3.newBucket(""),
                    TestConfigs.target("s", "127.0.0.1", 5432, "db", ""),
                    "worker:\n  dataMovers: 64\n")
                .replace("partSize: 5MiB", "partSize: 2000MiB"));

    Cli.Run run = Cli.run("serve", "--config", file.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "storage.partSize 2.0 GiB: every dump holds parts of 2.0 GiB (3 held at once: 5.9 GiB)")
        .contains("÷ worker.dataMovers 64")
        .contains("Lower storage.partSize or worker.dataMovers");
  }

  @Test
  void aSharedScheduleThatCannotBeReachedStopsTheDaemonWithExitTwo() {
    int closed = Ports.free();
    Path file =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                TestTemporal.target(),
                "daemon-schedule-gone",
                TestS3.newBucket(""),
                TestConfigs.target("gone", "127.0.0.1", 5432, "db", ""),
                "schedule:\n  cluster: { host: 127.0.0.1, port: %d, database: drd }\n"
                    .formatted(closed)));

    Cli.Run run = Cli.run("serve", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("the schedule's database (schedule.cluster) cannot be used")
        .contains("127.0.0.1:" + closed);
  }

  @Test
  void temporalGoneLaterTurnsReadinessRedAndBackWhileTheDaemonLives() throws Exception {
    int temporalPort = Ports.free();
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort);
    String yaml =
        TestConfigs.yaml(
            "127.0.0.1:" + temporalPort,
            "daemon-flaky",
            TestS3.newBucket(""),
            TestConfigs.target("flaky", "127.0.0.1", 5432, "db", ""),
            "");
    daemon =
        Daemon.start(
            new ConfigLoader(Map.of()).load(new ConfigSource("t", yaml)), new Secrets(Map.of()));
    int port = daemon.httpPort();
    assertThat(Http.get(port, "/ready").status()).isEqualTo(200);

    temporal.close();
    assertThat(awaitReady(port, 503).body()).isEqualTo("Temporal does not answer\n");
    assertThat(Http.get(port, "/health").status()).as("alive: nothing to restart").isEqualTo(200);

    try (TestServer.PortBoundTestServer back = TestServer.createPortBoundServer(temporalPort)) {
      assertThat(awaitReady(port, 200).body()).isEqualTo("ready\n");
    }
  }

  /** Polls /ready until it answers {@code status}; readiness is checked every 5 s. */
  private static Http.Response awaitReady(int port, int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Http.Response r = Http.get(port, "/ready");
    while (r.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(250);
      r = Http.get(port, "/ready");
    }
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    return r;
  }

  @Test
  void aTakenHttpPortIsASetupErrorNamingTheKey() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String yaml =
          TestConfigs.yaml(
                  TestTemporal.target(),
                  "daemon-port",
                  TestS3.newBucket(""),
                  TestConfigs.target("port", "127.0.0.1", 5432, "db", ""),
                  "")
              .replace("port: 0", "port: " + taken.getLocalPort());
      Path file = TestConfigs.write(dir, yaml);

      Cli.Run run = Cli.run("serve", "--config", file.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("http.port: 127.0.0.1:" + taken.getLocalPort() + " is in use");
    }
  }

  @Test
  void anUnreachableDatabaseFailsTheBackupClearlyAndLeavesNothing() throws Exception {
    StorageConfig s3 = TestS3.newBucket("prod");
    int closed = Ports.free();
    String yaml =
        TestConfigs.yaml(
            TestTemporal.target(),
            "daemon-unreachable",
            s3,
            TestConfigs.target("gone", "127.0.0.1", closed, "db", ""),
            "");
    Path file = TestConfigs.write(dir, yaml);
    DrdConfig config = new ConfigLoader(Map.of()).load(ConfigSource.file(file));
    daemon = Daemon.start(config, new Secrets(Map.of()));

    Cli.Run run =
        Cli.run(
            "backup", "run", "--target", "gone", "--wait", "--json", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "drd: backup of gone (backup/gone/manual) failed: [DATABASE_UNREACHABLE] cannot connect to PostgreSQL for target gone")
        .contains("127.0.0.1:" + closed)
        .contains("Check that the server runs");
    assertThat(run.out())
        .contains("\"status\" : \"FAILED\"")
        .contains("\"type\" : \"DATABASE_UNREACHABLE\"");
    try (S3ObjectStore store = S3ObjectStore.create(s3)) {
      assertThat(store.list("")).isEmpty();
    }
    Cli.Run status = Cli.run("status", "backup/gone/manual", "--config", file.toString());
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out())
        .contains("FAILED")
        .contains("failure  [DATABASE_UNREACHABLE] cannot connect to PostgreSQL for target gone")
        .doesNotContain("{");
  }
}
