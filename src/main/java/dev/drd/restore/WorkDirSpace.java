package dev.drd.restore;

import dev.drd.config.DataSize;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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

  private static final Map<Path, Claim> CLAIMS = new HashMap<>();

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
      long usable = Files.getFileStore(workDir).getUsableSpace();
      long claimed = 0;
      StringBuilder holders = new StringBuilder();
      for (Map.Entry<Path, Claim> e : CLAIMS.entrySet()) {
        if (!e.getKey().equals(file) && e.getKey().getParent().equals(workDir)) {
          long left = e.getValue().stillToWrite();
          claimed += left;
          holders.append(holders.isEmpty() ? "" : ", ").append(e.getKey().getFileName());
        }
      }
      if (usable - claimed < backup.dumpBytes() + keepFree) {
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
}
