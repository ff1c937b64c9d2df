package dev.drd.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the files of a pg_basebackup tar (ustar: regular files, directories, symlinks; names of at
 * most 99 characters) into a data directory, owner-only as PostgreSQL requires.
 */
final class TarExtract {
  private static final int BLOCK = 512;

  private TarExtract() {}

  /** Returns how many files it wrote. */
  static int into(InputStream tar, Path dir) throws IOException {
    byte[] header = new byte[BLOCK];
    int files = 0;
    Path root = dir.toAbsolutePath().normalize();
    while (true) {
      if (tar.readNBytes(header, 0, BLOCK) < BLOCK || header[0] == 0) {
        return files;
      }
      String name = text(header, 0, 100);
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      Path target = root.resolve(name).normalize();
      if (!target.startsWith(root)) {
        throw new IOException("the tar names a file outside the data directory: " + name);
      }
      switch (type) {
        case '5' ->
            Files.createDirectories(
                target,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        case '2' -> {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(text(header, 157, 100)));
        }
        case '0', '\0' -> {
          Files.createDirectories(target.getParent());
          try (OutputStream out = Files.newOutputStream(target)) {
            copy(tar, out, size);
          }
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
          files++;
        }
        default -> copy(tar, OutputStream.nullOutputStream(), size);
      }
      long padding = (BLOCK - size % BLOCK) % BLOCK;
      tar.skipNBytes(padding);
    }
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the tar ends inside a file");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static String text(byte[] header, int from, int length) {
    int end = from;
    while (end < from + length && header[end] != 0) {
      end++;
    }
    return new String(header, from, end - from, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int from, int length) {
    String digits = text(header, from, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }
}
