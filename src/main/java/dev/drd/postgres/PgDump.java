package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A running {@code pg_dump -Fc -Z0}: uncompressed custom format on stdout, to be compressed and
 * hashed by the caller in one pass. Its stderr (run with --verbose) tells which table it is on.
 */
public final class PgDump extends ToolProcess {
  private volatile String currentObject = "";

  private PgDump(Process process, PostgresEndpoint endpoint) {
    super("pg_dump", process, endpoint);
  }

  /**
   * @param snapshotId the exported snapshot to dump; null for a server nothing else writes to
   * @param applicationName what the server shows for pg_dump's session, see {@link SessionTag}
   */
  public static PgDump start(
      PgTools tools, PostgresEndpoint endpoint, String snapshotId, String applicationName) {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.tool("pg_dump").toString(),
                "--format=custom",
                "--compress=0",
                "--no-password",
                "--verbose"));
    if (snapshotId != null) {
      command.add("--snapshot=" + snapshotId);
    }
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
    return process().getInputStream();
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
    awaitSuccess();
  }

  @Override
  void stderrLine(String line) {
    int at = line.indexOf("dumping contents of ");
    if (at >= 0) {
      currentObject = line.substring(at + "dumping contents of ".length());
    }
  }
}
