package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL client program whose stdout drd streams (pg_dump, pg_basebackup): waiting for its
 * end, and its failure told in its own last words.
 */
abstract class ToolProcess implements AutoCloseable {
  private final String tool;
  private final Process process;
  private final PostgresEndpoint endpoint;
  private final ToolStderr stderr;

  ToolProcess(String tool, Process process, PostgresEndpoint endpoint) {
    this.tool = tool;
    this.process = process;
    this.endpoint = endpoint;
    this.stderr = new ToolStderr(tool, process.getErrorStream(), this::stderrLine);
  }

  /** A line the program wrote to stderr, as it comes (from a thread of its own). */
  void stderrLine(String line) {}

  Process process() {
    return process;
  }

  String stderrSummary() {
    return stderr.summary(tool);
  }

  /**
   * Waits for the program to exit after its output was read to the end.
   *
   * @throws DrdException when it failed, with its own last words
   */
  void awaitSuccess() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new DrdException(
            FailureType.DUMP_FAILED, tool + " did not exit after writing its output");
      }
      stderr.awaitEnd(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while waiting for " + tool, e);
    }
    if (process.exitValue() != 0) {
      throw failure();
    }
  }

  /**
   * When streaming its output failed: the program's own failure if it exited with one (it closed
   * its output because it failed), else nothing, and it is stopped.
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

  /** The failure the program reported, classified by what it said. */
  DrdException failure() {
    return ToolFailures.classify(
        tool,
        endpoint,
        process.isAlive() ? "-" : Integer.toString(process.exitValue()),
        stderr.summary(tool));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
