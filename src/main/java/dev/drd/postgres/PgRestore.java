package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running {@code pg_restore -j N} of a custom-format archive file into one database. It stops at
 * the first error, so that a restore either is complete or fails loudly.
 */
public final class PgRestore implements AutoCloseable {
  /** How to restore. {@code clean} drops what the archive holds first (restoring over a copy). */
  public record Options(int jobs, boolean clean, boolean noOwner) {}

  private final Process process;
  private final PostgresEndpoint endpoint;
  private final ToolStderr stderr;
  private final AtomicInteger itemsDone = new AtomicInteger();
  private volatile String currentItem = "";

  private PgRestore(Process process, PostgresEndpoint endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.stderr = new ToolStderr("pg_restore", process.getErrorStream(), this::track);
  }

  /** The number of entries in the archive's table of contents: what "items done" counts toward. */
  public static int countItems(PgTools tools, Path archive) {
    try {
      Process p =
          new ProcessBuilder(tools.tool("pg_restore").toString(), "--list", archive.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int items = 0;
      for (String line :
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith(";")) {
          items++;
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new DrdException(
            FailureType.RESTORE_FAILED,
            "pg_restore cannot read the archive %s: is it a pg_dump custom-format file?"
                .formatted(archive));
      }
      return items;
    } catch (IOException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING, "cannot run pg_restore: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while listing " + archive, e);
    }
  }

  /**
   * @param endpoint the database to restore into, which must exist
   */
  public static PgRestore start(
      PgTools tools, PostgresEndpoint endpoint, Path archive, Options options) {
    return start(tools, endpoint, archive, options, "drd restore");
  }

  /**
   * @param applicationName what the server shows for pg_restore's sessions, see {@link SessionTag}
   */
  public static PgRestore start(
      PgTools tools,
      PostgresEndpoint endpoint,
      Path archive,
      Options options,
      String applicationName) {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.tool("pg_restore").toString(),
                "--format=custom",
                "--dbname=" + endpoint.database(),
                "--jobs=" + options.jobs(),
                "--exit-on-error",
                "--no-password",
                "--verbose"));
    if (options.clean()) {
      command.add("--clean");
      command.add("--if-exists");
    }
    if (options.noOwner()) {
      command.add("--no-owner");
      command.add("--no-privileges");
    }
    command.add(archive.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(endpoint.libpqEnvironment(applicationName));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      return new PgRestore(pb.start(), endpoint);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING, "cannot start pg_restore: " + e.getMessage(), e);
    }
  }

  public int itemsDone() {
    return itemsDone.get();
  }

  /** What pg_restore works on now, e.g. {@code TABLE DATA sales orders}. */
  public String currentItem() {
    return currentItem;
  }

  /**
   * Waits up to {@code slice} for pg_restore to exit; call again until true.
   *
   * @return true when it exited successfully
   * @throws DrdException when it failed, with its own last words
   */
  public boolean awaitExit(Duration slice) throws InterruptedException {
    if (!process.waitFor(slice.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    stderr.awaitEnd(10);
    if (process.exitValue() != 0) {
      throw ToolFailures.classify(
          "pg_restore",
          endpoint,
          Integer.toString(process.exitValue()),
          stderr.summary("pg_restore"));
    }
    return true;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private void track(String line) {
    String item = null;
    if (line.startsWith("pg_restore: finished item ")) {
      item = line.substring("pg_restore: finished item ".length()).replaceFirst("^\\d+ ", "");
    } else if (line.startsWith("pg_restore: creating ")) {
      item = line.substring("pg_restore: creating ".length());
    } else if (line.startsWith("pg_restore: processing data for table ")) {
      item = "TABLE DATA " + line.substring("pg_restore: processing data for table ".length());
    }
    if (item != null) {
      itemsDone.incrementAndGet();
      currentItem = item;
    }
  }
}
