package dev.drd.restore;

import dev.drd.config.DataSize;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore work dir's space, reserved per restore for the archive it stages: two restores that
 * do not both fit cannot both pass the check and both fail halfway. The work dir is the daemon's
 * own disk, so the reservations live in the daemon.
 */
final class WorkDirSpace {
  /** One restore's claim: the staged file it writes and the bytes that file will reach. */
  private record Claim(Path file, long bytes) {
    long stillToWrite() {
      try {
        return Math.max(0, bytes - (Files.exists(file) ? Files.size(file) : 0));
      } catch (IOException e) {
        return bytes;
      }
    }
  }

  /** A reservation; closing it gives the room back. */
  interface Reservation extends AutoCloseable {
    @Override
    void close();
  }

  private static final Logger log = LoggerFactory.getLogger(WorkDirSpace.class);
  private static final Map<Path, Claim> CLAIMS = new HashMap<>();

  /** A staged archive kept for a retry that has not come by then never will. */
  private static final Duration STALE = Duration.ofHours(24);

  private WorkDirSpace() {}

  /**
   * Reserves room for {@code file} to grow to the archive's size, keeping {@code keepFree} free
   * besides what other restores running now still have to write.
   *
   * @return releases the reservation
   * @throws DrdException DISK_FULL with the sizes, naming the restores that hold the rest
   */
  static Reservation reserve(Path file, ResolvedBackup backup, long keepFree) throws IOException {
    Path workDir = file.toAbsolutePath().getParent();
    synchronized (CLAIMS) {
      removeLeftovers(workDir, file, STALE);
      long needed = backup.dumpBytes() + keepFree - stagedAlready(file);
      Claimed others = claimedBesides(workDir, file);
      if (Files.getFileStore(workDir).getUsableSpace() - others.bytes() < needed) {
        removeLeftovers(workDir, file, Duration.ZERO);
      }
      long usable = Files.getFileStore(workDir).getUsableSpace();
      long claimed = others.bytes();
      String holders = others.holders();
      if (usable - claimed < needed) {
        throw new DrdException(
            FailureType.DISK_FULL,
            ("restoring %s needs %s in %s (the archive uncompressed) and %s left free, but only %s"
                    + " is free%s. Free space there, or point restore.workDir at a larger disk")
                .formatted(
                    backup.key(),
                    DataSize.format(backup.dumpBytes()),
                    workDir,
                    DataSize.format(keepFree),
                    DataSize.format(usable),
                    claimed == 0
                        ? ""
                        : ", of which %s is reserved by restores running now (%s): start this one once they are done"
                            .formatted(DataSize.format(claimed), holders)));
      }
      CLAIMS.put(file.toAbsolutePath(), new Claim(file.toAbsolutePath(), backup.dumpBytes()));
    }
    return () -> {
      synchronized (CLAIMS) {
        CLAIMS.remove(file.toAbsolutePath());
      }
    };
  }

  /** What a proved archive an earlier attempt left for this restore already takes. */
  private static long stagedAlready(Path file) throws IOException {
    return StagedDump.proved(file) && Files.exists(file) ? Files.size(file) : 0;
  }

  private record Claimed(long bytes, String holders) {}

  /** What the other restores staging into this work dir still have to write, and which they are. */
  private static Claimed claimedBesides(Path workDir, Path file) {
    long claimed = 0;
    StringBuilder holders = new StringBuilder();
    for (Map.Entry<Path, Claim> e : CLAIMS.entrySet()) {
      if (!e.getKey().equals(file.toAbsolutePath()) && e.getKey().getParent().equals(workDir)) {
        claimed += e.getValue().stillToWrite();
        holders.append(holders.isEmpty() ? "" : ", ").append(e.getKey().getFileName());
      }
    }
    return new Claimed(claimed, holders.toString());
  }

  /**
   * Removes archives that failed restores kept for a retry, older than {@code age}, unless a
   * restore running now owns them: they only save a download, and room is worth more.
   */
  private static void removeLeftovers(Path workDir, Path file, Duration age) throws IOException {
    Instant before = Instant.now().minus(age);
    try (Stream<Path> files = Files.list(workDir)) {
      for (Path staged : files.filter(f -> f.getFileName().toString().endsWith(".dump")).toList()) {
        Path absolute = staged.toAbsolutePath();
        if (absolute.equals(file.toAbsolutePath())
            || CLAIMS.containsKey(absolute)
            || Files.getLastModifiedTime(staged).toInstant().isAfter(before)) {
          continue;
        }
        StagedDump.remove(staged);
        log.info("removed {}, kept for the retry of a restore that is no longer running", staged);
      }
    }
  }
}
