package dev.drd.postgres;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster run from the local binaries, listening on 127.0.0.1 only, with trust
 * authentication: dev mode's sandbox and the tests' databases. A primary allows streaming
 * replication; a replica is made from it with pg_basebackup. As root, the programs run in a user
 * namespace ({@code unshare -U}), because initdb and postgres refuse to run as root.
 */
public final class LocalCluster implements AutoCloseable {
  private final PgTools tools;
  private final Path dataDir;
  private final int port;

  private LocalCluster(PgTools tools, Path dataDir, int port) {
    this.tools = tools;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Creates the cluster unless the directory already holds one, which is then reused. */
  public static LocalCluster primary(PgTools tools, Path dataDir, int port) throws IOException {
    LocalCluster cluster = new LocalCluster(tools, dataDir, port);
    if (!cluster.exists()) {
      Files.createDirectories(dataDir.getParent());
      cluster.run(
          List.of(
              tools.tool("initdb").toString(),
              "-D",
              dataDir.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "--encoding=UTF8",
              "--locale=C.UTF-8",
              "--no-sync"),
          120);
      Files.writeString(
          dataDir.resolve("postgresql.conf"),
          """

          # drd local cluster
          listen_addresses = '127.0.0.1'
          unix_socket_directories = ''
          wal_level = replica
          max_wal_senders = 10
          max_replication_slots = 10
          wal_keep_size = '512MB'
          hot_standby = on
          max_connections = 60
          """,
          StandardOpenOption.APPEND);
      Files.writeString(
          dataDir.resolve("pg_hba.conf"),
          """
          host all all 127.0.0.1/32 trust
          host replication all 127.0.0.1/32 trust
          """);
    }
    cluster.setPort();
    return cluster;
  }

  /** A streaming replica of a running primary, made unless the directory already holds one. */
  public static LocalCluster replicaOf(LocalCluster primary, Path dataDir, int port)
      throws IOException {
    LocalCluster replica = new LocalCluster(primary.tools, dataDir, port);
    if (!replica.exists()) {
      Files.createDirectories(dataDir.getParent());
      replica.run(
          List.of(
              primary.tools.tool("pg_basebackup").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(primary.port),
              "-U",
              "postgres",
              "-D",
              dataDir.toString(),
              "-R",
              "-X",
              "stream",
              "-c",
              "fast",
              "--no-sync"),
          300);
    }
    replica.setPort();
    return replica;
  }

  public LocalCluster start() throws IOException {
    return start(Duration.ofSeconds(60));
  }

  /**
   * Starts and waits until the server accepts connections: a recovering server does once it is
   * consistent, which takes longer the more WAL its base backup needs.
   */
  public LocalCluster start(Duration wait) throws IOException {
    if (isRunning()) {
      return this;
    }
    run(
        List.of(
            tools.tool("pg_ctl").toString(),
            "-D",
            dataDir.toString(),
            "-l",
            logFile().toString(),
            "-w",
            "-t",
            Long.toString(wait.toSeconds()),
            "start"),
        (int) Math.min(Integer.MAX_VALUE, wait.toSeconds() + 30));
    return this;
  }

  /** Stops with a fast shutdown: clients are disconnected, the server checkpoints and exits. */
  public void stop() throws IOException {
    stop("fast");
  }

  /**
   * Stops with an immediate shutdown: every backend exits at once, mid-query, without a checkpoint,
   * as when the server crashes; the next start recovers from the WAL.
   */
  public void crash() throws IOException {
    stop("immediate");
  }

  private void stop(String mode) throws IOException {
    if (isRunning()) {
      run(
          List.of(
              tools.tool("pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "-m",
              mode,
              "-w",
              "-t",
              "60",
              "stop"),
          90);
    }
  }

  public boolean isRunning() {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** An endpoint for a database of this cluster, as the trusted superuser. */
  public PostgresEndpoint endpoint(String database) {
    return new PostgresEndpoint(
        "local:" + port, "127.0.0.1", port, database, "postgres", null, "disable");
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  /** Adds pg_hba.conf lines ahead of the trust lines, then reloads the configuration. */
  public void prependHba(String lines) throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    Files.writeString(hba, lines.strip() + "\n" + Files.readString(hba));
    run(List.of(tools.tool("pg_ctl").toString(), "-D", dataDir.toString(), "reload"), 30);
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private boolean exists() {
    return Files.exists(dataDir.resolve("PG_VERSION"));
  }

  private void setPort() throws IOException {
    Path auto = dataDir.resolve("postgresql.auto.conf");
    List<String> lines = new ArrayList<>(Files.exists(auto) ? Files.readAllLines(auto) : List.of());
    lines.removeIf(l -> l.startsWith("port = "));
    lines.add("port = " + port);
    Files.write(auto, lines);
  }

  private void run(List<String> command, int timeoutSeconds) throws IOException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("unshare", "-U"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(
            "%s did not finish within %d s".formatted(command.get(0), timeoutSeconds));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "%s failed (exit %d): %s%s"
              .formatted(String.join(" ", command), p.exitValue(), output.strip(), logTail()));
    }
  }

  private String logTail() {
    try {
      List<String> log = Files.readAllLines(logFile());
      return "\nserver log:\n  "
          + String.join("\n  ", log.subList(Math.max(0, log.size() - 10), log.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }
}
