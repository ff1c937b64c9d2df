package dev.drd.daemon.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 API server (s3proxy, filesystem-backed) as a child process: its own classpath would
 * clash with Temporal's, so it never shares the JVM. Used by dev mode and by the tests.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3ProxyServer.class);

  private final Process process;
  private final URI endpoint;
  private final Path pidFile;

  private S3ProxyServer(Process process, URI endpoint, Path pidFile) {
    this.process = process;
    this.endpoint = endpoint;
    this.pidFile = pidFile;
  }

  /**
   * @param stateDir holds the buckets (under {@code s3/}), the properties, log and pid files
   */
  public static S3ProxyServer start(Path stateDir, int port, String identity, String credential)
      throws IOException {
    Path jar = locateJar();
    Files.createDirectories(stateDir.resolve("s3"));
    Path pidFile = pidFile(stateDir);
    stopLeftover(stateDir);
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Path properties = stateDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + identity,
            "s3proxy.credential=" + credential,
            "s3proxy.ignore-unknown-headers=true",
            // a PUT streamed without a length (curl -T -) is held in memory up to this size;
            // the default, 32 MiB, refuses a piped base backup of a small cluster
            "s3proxy.v4-max-non-chunked-request-size=" + (512 << 20),
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + stateDir.resolve("s3").toAbsolutePath(),
            ""));
    Path log = stateDir.resolve("s3proxy.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                // s3proxy holds a streamed PUT of unknown length in memory; multipart parts are
                // small.
                "-Xmx1g",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Files.writeString(pidFile, Long.toString(process.pid()));
    S3ProxyServer server = new S3ProxyServer(process, endpoint, pidFile);
    server.awaitListening(port, Duration.ofSeconds(60), log);
    return server;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The s3proxy jar: -Ddrd.s3proxy.jar, $DRD_S3PROXY_JAR, or dev/s3proxy.jar beside drd.jar. */
  public static Path locateJar() {
    Optional<Path> configured =
        Optional.ofNullable(System.getProperty("drd.s3proxy.jar"))
            .or(() -> Optional.ofNullable(System.getenv("DRD_S3PROXY_JAR")))
            .map(Path::of);
    Path jar = configured.orElseGet(() -> besideThisJar().resolve("dev").resolve("s3proxy.jar"));
    if (!Files.isReadable(jar)) {
      throw new IllegalStateException(
          "the S3 API server for dev mode is missing at %s: build with 'mvn package' (it copies s3proxy there), or set DRD_S3PROXY_JAR"
              .formatted(jar));
    }
    return jar;
  }

  private static Path besideThisJar() {
    try {
      Path location =
          Path.of(S3ProxyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitListening(int port, Duration timeout, Path log) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "s3proxy exited with %d at start; its log %s says: %s"
                .formatted(process.exitValue(), log, tail(log)));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    close();
    throw new IOException(
        "s3proxy did not listen on port %d within %s; log: %s".formatted(port, timeout, tail(log)));
  }

  private static Path pidFile(Path stateDir) {
    return stateDir.resolve("s3proxy.pid");
  }

  /**
   * Stops the s3proxy an earlier dev mode of this state dir left running (it was killed before it
   * could stop its child), so that its port is free again.
   */
  static void stopLeftover(Path stateDir) throws IOException {
    Path pidFile = pidFile(stateDir);
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(pid)
        .filter(p -> p.info().commandLine().map(c -> c.contains("s3proxy")).orElse(false))
        .ifPresent(p -> {
          log.warn(
              "stopping the S3 API server (s3proxy, pid {}) that an earlier dev mode left running"
                  + " (it was killed before it could stop it); its data stays in {}",
              pid,
              pidFile.getParent().resolve("s3"));
          p.destroy();
          p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
          if (p.isAlive()) {
            p.destroyForcibly();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
          }
        });
    Files.deleteIfExists(pidFile);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(pidFile);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
