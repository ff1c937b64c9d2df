package dev.drd.restore;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.PgTools;
import dev.drd.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Proves a backup without restoring it: the object read whole, its size and SHA-256 against the
 * manifest, its archive's size too, and the archive's table of contents read by {@code pg_restore
 * --list}. Nothing is written but to pg_restore's input.
 */
public final class BackupVerifier {
  /**
   * @param archiveEntries the entries pg_restore lists in the archive's table of contents
   */
  public record Verified(ResolvedBackup backup, int archiveEntries, Duration took) {}

  private final ObjectStore store;
  private final PgTools tools;
  private final BackupChoice choice;
  private final Clock clock;

  public BackupVerifier(ObjectStore store, BackupLayout layout, PgTools tools, Clock clock) {
    this.store = store;
    this.tools = tools;
    this.choice = new BackupChoice(new BackupCatalog(store, layout), clock);
    this.clock = clock;
  }

  /**
   * @param backup {@code latest}, or a dump or manifest key, a backup's name or its stamp
   */
  public Verified verify(TargetConfig target, String backup) {
    ResolvedBackup b = choice.resolve(target, backup);
    Instant started = clock.instant();
    Process list = startListing();
    CompletableFuture<String> listed =
        CompletableFuture.supplyAsync(() -> text(list.getInputStream()));
    CompletableFuture<String> said =
        CompletableFuture.supplyAsync(() -> text(list.getErrorStream()));
    try (InputStream object = store.open(b.key());
        OutputStream toList = new StopsQuietly(list.getOutputStream())) {
      StagedDump.checkInto(object, b, toList);
    } catch (IOException e) {
      list.destroyForcibly();
      throw new DrdException(
          FailureType.STORAGE_FAILED,
          "could not read backup %s to verify it: %s; is the bucket reachable?"
              .formatted(b.key(), e.getMessage()),
          e);
    } catch (RuntimeException e) {
      list.destroyForcibly();
      throw e;
    }
    int exit = waitFor(list);
    if (exit != 0) {
      throw new DrdException(
          FailureType.BACKUP_DAMAGED,
          ("backup %s matches its checksum, but pg_restore cannot read its archive (%s): the"
                  + " dump is not a custom-format archive this pg_restore reads. Is pg_restore"
                  + " (%s) older than the pg_dump that wrote it (%s)?")
              .formatted(
                  b.key(), said.join().strip(), tools.tool("pg_restore"), b.serverVersion()));
    }
    int entries =
        (int) listed.join().lines().filter(l -> !l.isBlank() && !l.startsWith(";")).count();
    return new Verified(b, entries, Duration.between(started, clock.instant()));
  }

  private Process startListing() {
    try {
      return new ProcessBuilder(tools.tool("pg_restore").toString(), "--list").start();
    } catch (IOException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING,
          "cannot run pg_restore to read the archive: %s; install PostgreSQL's client tools or set"
                  .formatted(e.getMessage())
              + " postgres.binDir",
          e);
    }
  }

  private static int waitFor(Process p) {
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new DrdException(
            FailureType.BACKUP_DAMAGED, "pg_restore --list did not end within 60 s");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while verifying", e);
    }
  }

  private static String text(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * pg_restore --list stops reading after the table of contents; the rest of the archive is still
   * read through the checksum, and goes nowhere.
   */
  private static final class StopsQuietly extends OutputStream {
    private final OutputStream out;
    private boolean stopped;

    StopsQuietly(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (stopped) {
        return;
      }
      try {
        out.write(b, off, len);
      } catch (IOException readerGone) {
        stopped = true;
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException readerGone) {
        // it ended on its own
      }
    }
  }
}
