package dev.drd.postgres;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A PostgreSQL server run from the local binaries on a data directory, listening on 127.0.0.1: the
 * server a point-in-time restore recovers, and under it dev mode's sandbox and the tests'
 * databases. As root, the programs run in a user namespace ({@code unshare -U}), because initdb and
 * postgres refuse to run as root.
 */
public final class LocalServer implements AutoCloseable {
  private final PgTools tools;
  private final Path dataDir;
  private final int port;

  private LocalServer(PgTools tools, Path dataDir, int port) {
    this.tools = tools;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** The server of a data directory that holds a cluster, set to listen on {@code port}. */
  public static LocalServer of(PgTools tools, Path dataDir, int port) throws IOException {
    LocalServer server = new LocalServer(tools, dataDir, port);
    server.setPort();
    return server;
  }

  public LocalServer start() throws IOException {
    return start(Duration.ofSeconds(60));
  }

  /**
   * Starts and waits until the server accepts connections: a recovering server does once it is
   * consistent, which takes longer the more WAL its base backup needs.
   */
  public LocalServer start(Duration wait) throws IOException {
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

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  /** Reloads the configuration files, as {@code pg_ctl reload} does. */
  public void reload() throws IOException {
    run(List.of(tools.tool("pg_ctl").toString(), "-D", dataDir.toString(), "reload"), 30);
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private void setPort() throws IOException {
    Path auto = dataDir.resolve("postgresql.auto.conf");
    List<String> lines = new ArrayList<>(Files.exists(auto) ? Files.readAllLines(auto) : List.of());
    lines.removeIf(l -> l.startsWith("port = "));
    lines.add("port = " + port);
    Files.write(auto, lines);
  }

  private void run(List<String> command, int timeoutSeconds) throws IOException {
    execute(command, timeoutSeconds, this::logTail);
  }

  /**
   * Runs a PostgreSQL program (initdb, pg_basebackup) as the owner of the clusters it makes: as
   * root, in a user namespace.
   */
  public static void runAsOwner(List<String> command, int timeoutSeconds) throws IOException {
    execute(command, timeoutSeconds, () -> "");
  }

  private static void execute(List<String> command, int timeoutSeconds, Supplier<String> onFailure)
      throws IOException {
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
              .formatted(
                  String.join(" ", command), p.exitValue(), output.strip(), onFailure.get()));
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
