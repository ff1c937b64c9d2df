package dev.drd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code java -jar target/drd.jar ...} as a real process, as a user or Kubernetes runs it. */
public final class DrdProcess implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private DrdProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public record Result(int exitCode, String out, String err) {}

  public static Path jar() {
    Path jar = Path.of(System.getProperty("drd.jar", "target/drd.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: the process tests run after 'mvn package'");
    }
    return jar;
  }

  public static DrdProcess start(Path workDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      int n = COUNT.incrementAndGet();
      Path out = workDir.resolve("drd-" + n + ".out");
      Path err = workDir.resolve("drd-" + n + ".err");
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
      pb.environment().remove("DRD_CONFIG");
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      return new DrdProcess(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command to its end. */
  public static Result run(Path workDir, Duration timeout, String... args) {
    try (DrdProcess p = start(workDir, Map.of(), args)) {
      int code = p.waitFor(timeout);
      return new Result(code, p.stdout(), p.stderr());
    }
  }

  /** Waits until stderr contains the text, failing early if the process exits. */
  public void awaitLog(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (stderr().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "drd exited with " + process.exitValue() + " before '" + text + "':\n" + stderr());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no '" + text + "' within " + timeout + ":\n" + stderr());
  }

  /** SIGINT, as Ctrl-C in a terminal sends it. */
  public void interrupt() {
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, as Kubernetes sends it. */
  public void sigterm() {
    process.destroy();
  }

  /**
   * SIGKILL, as the kernel's OOM killer or a lost node deals it: no shutdown hook runs. The process
   * is the JVM itself (started without a wrapper script), so the signal reaches it.
   *
   * @return the exit code, 137 (128 + SIGKILL)
   */
  public int kill() {
    process.destroyForcibly();
    return waitFor(Duration.ofSeconds(30));
  }

  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("drd did not exit within " + timeout + ":\n" + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  /**
   * SIGTERM first: a test that failed half-way must not leave dev mode's children (the S3 API
   * server, PostgreSQL) holding the ports of the next test; kill -9 only if that does not end it.
   */
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
