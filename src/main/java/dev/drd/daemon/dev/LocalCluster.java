package dev.drd.daemon.dev;

import dev.drd.postgres.LocalServer;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A sandbox PostgreSQL cluster with trust authentication on 127.0.0.1: dev mode's databases and the
 * tests'. A primary allows streaming replication; a replica is made from it with pg_basebackup.
 * Each is made once and reused from its directory.
 */
public final class LocalCluster implements AutoCloseable {
  private final PgTools tools;
  private final LocalServer server;

  private LocalCluster(PgTools tools, LocalServer server) {
    this.tools = tools;
    this.server = server;
  }

  /** Creates the cluster unless the directory already holds one, which is then reused. */
  public static LocalCluster primary(PgTools tools, Path dataDir, int port) throws IOException {
    if (!exists(dataDir)) {
      Files.createDirectories(dataDir.getParent());
      LocalServer.runAsOwner(
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
    return new LocalCluster(tools, LocalServer.of(tools, dataDir, port));
  }

  /** A streaming replica of a running primary, made unless the directory already holds one. */
  public static LocalCluster replicaOf(LocalCluster primary, Path dataDir, int port)
      throws IOException {
    if (!exists(dataDir)) {
      Files.createDirectories(dataDir.getParent());
      LocalServer.runAsOwner(
          List.of(
              primary.tools.tool("pg_basebackup").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(primary.port()),
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
    return new LocalCluster(primary.tools, LocalServer.of(primary.tools, dataDir, port));
  }

  private static boolean exists(Path dataDir) {
    return Files.exists(dataDir.resolve("PG_VERSION"));
  }

  /** The server, for what this class does not forward. */
  public LocalServer server() {
    return server;
  }

  public LocalCluster start() throws IOException {
    server.start();
    return this;
  }

  /** Starts and waits until the server accepts connections. */
  public LocalCluster start(Duration wait) throws IOException {
    server.start(wait);
    return this;
  }

  /** Stops with a fast shutdown. */
  public void stop() throws IOException {
    server.stop();
  }

  /** Stops with an immediate shutdown, as when the server crashes. */
  public void crash() throws IOException {
    server.crash();
  }

  public boolean isRunning() {
    return server.isRunning();
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return server.dataDir();
  }

  public Path logFile() {
    return server.logFile();
  }

  /** An endpoint for a database of this cluster, as the trusted superuser. */
  public PostgresEndpoint endpoint(String database) {
    return new PostgresEndpoint(
        "local:" + port(), "127.0.0.1", port(), database, "postgres", null, "disable");
  }

  /** Adds pg_hba.conf lines ahead of the trust lines, then reloads the configuration. */
  public void prependHba(String lines) throws IOException {
    Path hba = dataDir().resolve("pg_hba.conf");
    Files.writeString(hba, lines.strip() + "\n" + Files.readString(hba));
    server.reload();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
