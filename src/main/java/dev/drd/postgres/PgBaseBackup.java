package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running {@code pg_basebackup -D - -Ft -X none -c fast}: the server's data directory as one tar
 * on stdout, without WAL (the archive holds it). The tar's {@code backup_manifest} names the WAL
 * the backup needs: it is read as the tar goes by.
 */
public final class PgBaseBackup extends ToolProcess {
  private static final String MANIFEST = "backup_manifest";
  private static final Pattern WAL_RANGE =
      Pattern.compile(
          "\"Timeline\":\\s*(\\d+),\\s*\"Start-LSN\":\\s*\"([0-9A-F]+/[0-9A-F]+)\",\\s*"
              + "\"End-LSN\":\\s*\"([0-9A-F]+/[0-9A-F]+)\"");
  private final TarWatch tar;

  /** The WAL a base backup needs to be consistent: from start to stop, on this timeline. */
  public record WalRange(int timeline, String startLsn, String stopLsn) {}

  private PgBaseBackup(Process process, PostgresEndpoint endpoint) {
    super("pg_basebackup", process, endpoint);
    this.tar = new TarWatch(process.getInputStream(), Set.of(MANIFEST));
  }

  /**
   * @param endpoint a role allowed to replicate ({@code replication} in pg_hba.conf)
   */
  public static PgBaseBackup start(
      PgTools tools, PostgresEndpoint endpoint, String label, String applicationName) {
    List<String> command =
        List.of(
            tools.tool("pg_basebackup").toString(),
            "--pgdata=-",
            "--format=tar",
            "--wal-method=none",
            "--checkpoint=fast",
            "--label=" + label,
            "--no-password",
            "--verbose");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(endpoint.libpqEnvironment(applicationName));
    pb.environment().remove("PGDATABASE");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return new PgBaseBackup(pb.start(), endpoint);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING, "cannot start pg_basebackup: " + e.getMessage(), e);
    }
  }

  /** The tar. */
  public InputStream output() {
    return tar;
  }

  /**
   * Waits for pg_basebackup to exit after its tar was read to the end.
   *
   * @return the WAL the backup needs, from its manifest: it must be in the archive before the
   *     backup is usable
   * @throws DrdException when it failed, with its own last words
   */
  public WalRange finish() {
    awaitSuccess();
    byte[] manifest = tar.file(MANIFEST);
    Matcher range =
        WAL_RANGE.matcher(manifest == null ? "" : new String(manifest, StandardCharsets.UTF_8));
    if (!range.find()) {
      throw new DrdException(
          FailureType.DUMP_FAILED,
          "pg_basebackup's tar has no backup_manifest naming the backup's WAL (PostgreSQL 13 or"
              + " newer writes one): "
              + stderrSummary());
    }
    return new WalRange(Integer.parseInt(range.group(1)), range.group(2), range.group(3));
  }
}
