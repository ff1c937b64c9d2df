package dev.drd.testing;

import dev.drd.daemon.dev.LocalCluster;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for a test class. Where Docker runs, a Testcontainers container of the
 * local client tools' major version; elsewhere (and always when a replica is needed) clusters
 * started from the local binaries. A missing PostgreSQL is a failure, never a skip.
 */
public final class TestPostgres implements AutoCloseable {
  /** The one role that must log in with its password; every other role is trusted. */
  public static final String PASSWORD_ROLE = "drd_password";

  private static final String PASSWORD_HBA =
      "host all %s all scram-sha-256\n".formatted(PASSWORD_ROLE);

  private final String host;
  private final int port;
  private final LocalCluster primary;
  private final LocalCluster replica;
  private final PostgreSQLContainer container;
  private final Path dir;

  private TestPostgres(
      String host,
      int port,
      LocalCluster primary,
      LocalCluster replica,
      PostgreSQLContainer container,
      Path dir) {
    this.host = host;
    this.port = port;
    this.primary = primary;
    this.replica = replica;
    this.container = container;
    this.dir = dir;
  }

  public static PgTools tools() {
    return PgTools.locate(Optional.empty());
  }

  /** A primary: a container where Docker runs, else a local cluster. */
  public static TestPostgres start() {
    if (dockerAvailable()) {
      PostgreSQLContainer container =
          new PostgreSQLContainer("postgres:" + tools().majorVersion("pg_dump"))
              .withUsername("postgres")
              .withPassword("postgres")
              .withCopyToContainer(
                  org.testcontainers.images.builder.Transferable.of(
                      PASSWORD_HBA + "host all all all trust\nhost replication all all trust\n"),
                  "/etc/drd_hba.conf")
              .withCommand("postgres", "-c", "hba_file=/etc/drd_hba.conf");
      container.start();
      return new TestPostgres(
          container.getHost(), container.getMappedPort(5432), null, null, container, null);
    }
    return startLocal(false);
  }

  /** A local primary even where Docker runs: for tests that crash and restart the server. */
  public static TestPostgres startLocal() {
    return startLocal(false);
  }

  /** A local primary and its streaming replica (Testcontainers would need a network of two). */
  public static TestPostgres startWithReplica() {
    return startLocal(true);
  }

  private static TestPostgres startLocal(boolean withReplica) {
    try {
      Path dir = Files.createTempDirectory("drd-pg-");
      LocalCluster primary =
          LocalCluster.primary(tools(), dir.resolve("primary"), Ports.free()).start();
      primary.prependHba(PASSWORD_HBA);
      LocalCluster replica =
          withReplica
              ? LocalCluster.replicaOf(primary, dir.resolve("replica"), Ports.free()).start()
              : null;
      return new TestPostgres("127.0.0.1", primary.port(), primary, replica, null, dir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start a local PostgreSQL cluster: " + e.getMessage(), e);
    }
  }

  private static boolean dockerAvailable() {
    if ("false".equals(System.getenv("DRD_TEST_DOCKER"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The trusted superuser's endpoint for a database. */
  public PostgresEndpoint endpoint(String database) {
    return new PostgresEndpoint("test", host, port, database, "postgres", null, "disable");
  }

  public LocalCluster primary() {
    if (primary == null) {
      throw new IllegalStateException("this server runs in a container");
    }
    return primary;
  }

  public LocalCluster replica() {
    if (replica == null) {
      throw new IllegalStateException("started without a replica");
    }
    return replica;
  }

  /** Creates {@link #PASSWORD_ROLE}, able to read everything, with this password. */
  public void createPasswordRole(String password) {
    execute(
        "postgres",
        "CREATE ROLE %s LOGIN PASSWORD '%s'; GRANT pg_read_all_data TO %s"
            .formatted(PASSWORD_ROLE, password, PASSWORD_ROLE));
  }

  public void createDatabase(String name) {
    execute("postgres", "CREATE DATABASE " + Postgres.quote(name));
  }

  public void execute(String database, String sql) {
    try (Connection c = Postgres.connect(endpoint(database), "drd test");
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long count(String database, String sql) {
    return Long.parseLong(text(database, sql));
  }

  /** The first column of the first row, as text. */
  public String text(String database, String sql) {
    try (Connection c = Postgres.connect(endpoint(database), "drd test");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A custom-format, uncompressed pg_dump archive of {@code database}. */
  public byte[] dump(String database) {
    try {
      Process p =
          new ProcessBuilder(
                  tools().tool("pg_dump").toString(),
                  "-Fc",
                  "-Z0",
                  "-h",
                  host(),
                  "-p",
                  Integer.toString(port()),
                  "-U",
                  endpoint(database).user(),
                  database)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] archive = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("pg_dump of " + database + " failed");
      }
      return archive;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean databaseExists(String name) {
    return count(
            "postgres",
            "SELECT count(*) FROM pg_database WHERE datname = '%s'"
                .formatted(name.replace("'", "''")))
        > 0;
  }

  @Override
  public void close() throws IOException {
    if (container != null) {
      container.stop();
    }
    if (replica != null) {
      replica.stop();
    }
    if (primary != null) {
      primary.stop();
    }
    if (dir != null) {
      TestFiles.deleteRecursively(dir);
    }
  }
}
