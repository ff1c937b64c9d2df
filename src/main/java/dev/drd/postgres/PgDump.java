package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code pg_dump -Fc -Z0}: uncompressed custom format on stdout, to be compressed and
 * hashed by the caller in one pass. Its stderr (run with --verbose) tells which table it is on.
 */
public final class PgDump implements AutoCloseable {
  private static final int TAIL_LINES = 20;
  private final Process process;
  private final PostgresEndpoint endpoint;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Thread stderrReader;
  private volatile String currentObject = "";

  private PgDump(Process process, PostgresEndpoint endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.stderrReader = Thread.ofVirtual().name("pg_dump stderr").start(this::readStderr);
  }

  public static PgDump start(PgTools tools, PostgresEndpoint endpoint, String snapshotId) {
    List<String> command =
        List.of(
            tools.tool("pg_dump").toString(),
            "--format=custom",
            "--compress=0",
            "--no-password",
            "--verbose",
            "--snapshot=" + snapshotId);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(endpoint.libpqEnvironment("drd backup"));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return new PgDump(pb.start(), endpoint);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING, "cannot start pg_dump: " + e.getMessage(), e);
    }
  }

  /** The archive, uncompressed. */
  public InputStream output() {
    return process.getInputStream();
  }

  /** What pg_dump is dumping now, e.g. {@code table public.orders}. */
  public String currentObject() {
    return currentObject;
  }

  /**
   * Waits for pg_dump to exit after its output was read to the end.
   *
   * @throws DrdException when it failed, with its own last words
   */
  public void finish() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new DrdException(
            FailureType.DUMP_FAILED, "pg_dump did not exit after writing its archive");
      }
      stderrReader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while waiting for pg_dump", e);
    }
    if (process.exitValue() != 0) {
      throw failure();
    }
  }

  /**
   * When streaming its output failed: pg_dump's own failure if it exited with one (it closed its
   * output because it failed), else nothing, and pg_dump is stopped.
   */
  public Optional<DrdException> failureIfExited() {
    try {
      if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() != 0) {
        stderrReader.join(TimeUnit.SECONDS.toMillis(2));
        return Optional.of(failure());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    return Optional.empty();
  }

  /** The failure pg_dump reported, classified by what it said. */
  DrdException failure() {
    String said = stderrSummary();
    String message =
        "pg_dump of %s failed (exit %s): %s"
            .formatted(endpoint.describe(), process.isAlive() ? "-" : process.exitValue(), said);
    FailureType type;
    if (said.contains("password authentication failed") || said.contains("no pg_hba.conf entry")) {
      type = FailureType.BAD_CREDENTIALS;
    } else if (said.contains("permission denied")) {
      type = FailureType.INSUFFICIENT_PRIVILEGES;
      message += ". Grant the backup user read access (e.g. the pg_read_all_data role)";
    } else if (said.contains("server version mismatch")) {
      type = FailureType.TOOL_INCOMPATIBLE;
      message += ". Install newer client programs and set postgres.binDir";
    } else if (said.contains("does not exist") && said.contains("database")) {
      type = FailureType.DATABASE_NOT_FOUND;
    } else if (said.contains("connection to server") || said.contains("could not connect")) {
      type = FailureType.DATABASE_UNREACHABLE;
    } else {
      type = FailureType.DUMP_FAILED;
    }
    return new DrdException(type, message);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private void readStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int at = line.indexOf("dumping contents of ");
        if (at >= 0) {
          currentObject = line.substring(at + "dumping contents of ".length());
        }
        synchronized (stderrTail) {
          stderrTail.addLast(line);
          if (stderrTail.size() > TAIL_LINES) {
            stderrTail.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // the process is gone; what it said so far is kept
    }
  }

  private String stderrSummary() {
    synchronized (stderrTail) {
      return stderrTail.stream()
          .filter(l -> !l.contains("pg_dump: dumping") && !l.contains("pg_dump: reading"))
          .filter(l ->
              l.contains("error")
                  || l.contains("fatal")
                  || l.contains("FATAL")
                  || l.contains("detail"))
          .reduce((a, b) -> a + " | " + b)
          .orElse(String.join(" | ", stderrTail));
    }
  }
}
