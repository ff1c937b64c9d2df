package dev.drd.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, part 6: two restores that do not both fit in the work dir used to both pass the space
 * check and both fail halfway; the second is now refused up front, with the sizes and the restore
 * that holds the room, and runs once the first gives it back.
 */
class WorkDirSpaceTest {
  @TempDir Path workDir;

  @Test
  void aSecondRestoreThatWouldNotFitIsRefusedWhileTheFirstHoldsTheRoom() throws Exception {
    long archive = 64L << 20;
    long usable = Files.getFileStore(workDir).getUsableSpace();
    long keepFree = usable - archive - archive / 2; // room for one archive, not two
    Path first = workDir.resolve("restore_orders_a.dump");
    Path second = workDir.resolve("restore_orders_b.dump");

    try (WorkDirSpace.Reservation held = WorkDirSpace.reserve(first, backup(archive), keepFree)) {
      DrdException refused =
          catchThrowableOfType(
              DrdException.class, () -> WorkDirSpace.reserve(second, backup(archive), keepFree));
      assertThat(refused.type()).isEqualTo(FailureType.DISK_FULL);
      assertThat(refused.getMessage())
          .contains("needs 64.0 MiB", "reserved by restores running now (restore_orders_a.dump)");
    }
    try (WorkDirSpace.Reservation after = WorkDirSpace.reserve(second, backup(archive), keepFree)) {
      assertThat(after).isNotNull();
    }
  }

  /**
   * Archives kept for the retry of a failed restore are a cache: removed after a day, or at once
   * when a restore needs their room; never the one a running restore owns.
   */
  @Test
  void archivesKeptForARetryGiveWayAfterADayOrWhenRoomIsShort() throws Exception {
    Path stale = leftover("restore_old.dump", Instant.now().minus(java.time.Duration.ofHours(25)));
    Path fresh = leftover("restore_recent.dump", Instant.now());
    Path mine = workDir.resolve("restore_mine.dump");

    try (WorkDirSpace.Reservation room = WorkDirSpace.reserve(mine, backup(1 << 20), 0)) {
      assertThat(stale).doesNotExist();
      assertThat(workDir.resolve("restore_old.dump.checked")).doesNotExist();
      assertThat(fresh).exists();
    }

    long usable = Files.getFileStore(workDir).getUsableSpace();
    catchThrowableOfType(
        DrdException.class, () -> WorkDirSpace.reserve(mine, backup(1 << 20), usable));
    assertThat(fresh).doesNotExist();
  }

  private Path leftover(String name, Instant modified) throws Exception {
    Path file = Files.write(workDir.resolve(name), new byte[1024]);
    Files.writeString(workDir.resolve(name + ".checked"), "proof\n");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(modified));
    return file;
  }

  private static ResolvedBackup backup(long dumpBytes) {
    return new ResolvedBackup(
        "orders",
        "orders/x.dump.zst",
        "orders/x.manifest.json",
        Instant.now(),
        "ab".repeat(32),
        dumpBytes / 4,
        dumpBytes,
        1,
        1,
        "0/1",
        "15.0");
  }
}
