package dev.drd.daemon.dev;

import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import dev.drd.daemon.RunbookAdapters;
import dev.drd.failover.DnsRouters;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.Postgres;
import dev.drd.storage.S3ObjectStore;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code drd serve --dev} runs besides the daemon, at the addresses of the dev config:
 * Temporal's test server, an S3 API on a local folder, and a sandbox PostgreSQL primary with sample
 * data plus its streaming replica. State lives in the state directory and is reused.
 */
public final class DevEnvironment implements AutoCloseable {
  public static final String PRIMARY_TARGET = "sandbox";
  public static final String REPLICA_TARGET = "sandbox-replica";
  private static final Logger log = LoggerFactory.getLogger(DevEnvironment.class);

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Path stateDir;
  private final DrdConfig config;

  private DevEnvironment(Path stateDir, DrdConfig config) {
    this.stateDir = stateDir;
    this.config = config;
  }

  /**
   * @throws DevModeException when a port is taken or a piece cannot start; what started is stopped
   */
  public static DevEnvironment start(Path stateDir, DrdConfig config) {
    DevEnvironment dev = new DevEnvironment(stateDir.toAbsolutePath(), config);
    try {
      dev.startAll();
      return dev;
    } catch (Exception e) {
      dev.close();
      throw e instanceof DevModeException d
          ? d
          : new DevModeException("dev mode could not start: " + e.getMessage(), e);
    }
  }

  private void startAll() throws IOException, SQLException {
    TargetConfig primaryTarget = config.requireTarget(PRIMARY_TARGET);
    TargetConfig replicaTarget = config.requireTarget(REPLICA_TARGET);
    int temporalPort = Integer.parseInt(config.temporal().target().replaceAll(".*:", ""));
    int s3Port = config.storage().endpoint().getPort();
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("Temporal", temporalPort);
    ports.put("the S3 API", s3Port);
    ports.put("drd's HTTP endpoint", config.http().port());
    PgTools tools = PgTools.locate(Optional.ofNullable(config.postgres().binDir()));
    LocalCluster primary =
        LocalCluster.primary(tools, stateDir.resolve("pg/primary"), primaryTarget.port());
    if (!primary.isRunning()) {
      ports.put("the sandbox primary", primaryTarget.port());
      ports.put("the sandbox replica", replicaTarget.port());
    }
    S3ProxyServer.stopLeftover(stateDir);
    requireFree(ports);

    log.info("starting Temporal's test server on port {}", temporalPort);
    started.add(0, TestServer.createPortBoundServer(temporalPort));

    log.info(
        "starting the S3 API (s3proxy) on port {}, data in {}", s3Port, stateDir.resolve("s3"));
    started.add(
        0,
        S3ProxyServer.start(
            stateDir, s3Port, config.storage().accessKeyId(), config.storage().secretAccessKey()));
    try (S3ObjectStore store = S3ObjectStore.create(config.storage())) {
      store.createBucketIfMissing();
    }

    log.info("starting the sandbox PostgreSQL primary on port {}", primaryTarget.port());
    started.add(0, primary.start());
    loadSampleDataOnce(primary, primaryTarget.database());
    log.info("starting its streaming replica on port {}", replicaTarget.port());
    LocalCluster replica =
        LocalCluster.replicaOf(primary, stateDir.resolve("pg/replica"), replicaTarget.port());
    started.add(0, replica.start());
  }

  private static void loadSampleDataOnce(LocalCluster primary, String database)
      throws IOException, SQLException {
    try (Connection c = Postgres.connect(primary.endpoint("postgres"), "drd dev");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (rs.next()) {
        return;
      }
      st.execute("CREATE DATABASE " + Postgres.quote(database));
    }
    log.info("loading sample data into {}", database);
    try (InputStream sql = DevEnvironment.class.getResourceAsStream("sandbox.sql");
        Connection c = Postgres.connect(primary.endpoint(database), "drd dev");
        Statement st = c.createStatement()) {
      st.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void requireFree(Map<String, Integer> ports) {
    for (var port : ports.entrySet()) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress("127.0.0.1", port.getValue()));
      } catch (IOException e) {
        throw new DevModeException(
            "port %d, for %s, is in use: is another 'drd serve --dev' running? Stop it, or free the port"
                .formatted(port.getValue(), port.getKey()),
            e);
      }
    }
  }

  public Path stateDir() {
    return stateDir;
  }

  /**
   * Stand-ins for what dev mode cannot run, recording what a failover or a recovery does in the
   * state directory: every workload is in the recording cluster, and {@code provider: recording} is
   * the DNS.
   */
  public RunbookAdapters adapters() {
    RecordingDns dns = new RecordingDns(stateDir.resolve("dev-dns.json"));
    return new RunbookAdapters(
        new RecordingCluster(stateDir.resolve("dev-cluster.json")),
        (dnsSwitch, secrets) ->
            DnsRouters.RECORDING.equals(dnsSwitch.provider())
                ? dns
                : DnsRouters.forSwitch(dnsSwitch, secrets));
  }

  /** Stops everything in reverse order of start: the databases first, Temporal last. */
  @Override
  public void close() {
    if (!started.isEmpty()) {
      log.info("stopping dev mode: the sandbox databases, the S3 API, Temporal");
    }
    for (AutoCloseable piece : started) {
      try {
        piece.close();
      } catch (Exception e) {
        log.warn("could not stop {} cleanly: {}", piece, e.getMessage());
      }
    }
    started.clear();
  }
}
