package dev.drd.archive;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The scratch directories restores leave in {@code restore.workDir}. */
final class WorkFiles {
  private WorkFiles() {}

  /**
   * A new directory of its own under {@code parent}: two runs started in the same millisecond, on
   * one daemon or on two sharing the volume, never share one.
   */
  static Path newDirectory(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.STORAGE_FAILED,
          "cannot create a work directory in %s: %s; check restore.workDir and its free space"
              .formatted(parent, e.getMessage()),
          e);
    }
  }

  /** Removes everything in a directory, which stays. */
  static void deleteContents(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> children = Files.list(dir)) {
      children.forEach(WorkFiles::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a directory and everything in it; nothing when it does not exist. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
