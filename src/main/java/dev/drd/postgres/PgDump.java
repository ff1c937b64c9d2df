package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code pg_dump -Fc -Z0}: uncompressed custom format on stdout, to be compressed and
 * hashed by the caller in one pass. Its stderr (run with --verbose) tells which table it is on.
 */
public final class PgDump implements AutoCloseable {
  private final Process process;
  private final PostgresEndpoint endpoint;
  private final ToolStderr stderr;
  private volatile String currentObject = "";

  private PgDump(Process process, PostgresEndpoint endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.stderr = new ToolStderr("pg_dump", process.getErrorStream(), this::track);
  }

  /**
   * @param applicationName what the server shows for pg_dump's session, see {@link SessionTag}
   */
  public static PgDump start(
      PgTools tools, PostgresEndpoint endpoint, String snapshotId, String applicationName) {
    List<String> command =
        List.of(
            tools.tool("pg_dump").toString(),
            "--format=custom",
            "--compress=0",
            "--no-password",
            "--verbose",
            "--snapshot=" + snapshotId);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(endpoint.libpqEnvironment(applicationName));
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
      stderr.awaitEnd(10);
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
        stderr.awaitEnd(2);
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
    return ToolFailures.classify(
        "pg_dump",
        endpoint,
        process.isAlive() ? "-" : Integer.toString(process.exitValue()),
        stderr.summary("pg_dump"));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private void track(String line) {
    int at = line.indexOf("dumping contents of ");
    if (at >= 0) {
      currentObject = line.substring(at + "dumping contents of ".length());
    }
  }
}
