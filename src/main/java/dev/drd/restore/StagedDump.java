package dev.drd.restore;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Downloads a backup into a local file for pg_restore, decompressing on the way, and proves that
 * the object is the one the manifest describes: size and SHA-256 of the stored bytes, size of the
 * archive. The file is never larger than the manifest says, so a damaged object cannot fill the
 * disk.
 */
final class StagedDump {
  private static final int CHUNK = 256 * 1024;

  private StagedDump() {}

  /**
   * Streams the object into {@code file}; on return the file is the verified archive.
   *
   * @param progress called with the stored bytes read so far
   * @throws DrdException CHECKSUM_MISMATCH when the object is not what the manifest says
   */
  static void stage(InputStream object, ResolvedBackup backup, Path file, LongConsumer progress)
      throws IOException {
    MessageDigest staged = sha256();
    try (OutputStream out =
        new DigestOutputStream(
            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            staged)) {
      copy(object, backup, out, progress);
    }
    Files.writeString(
        proofOf(file), backup.sha256() + "\n" + HexFormat.of().formatHex(staged.digest()) + "\n");
  }

  /**
   * Whether {@code file} is this backup's archive, staged and checked by an earlier attempt of the
   * same restore: its proof names the backup's checksum, and the file still has the size and
   * SHA-256 it had when the object's checksum was proved. A file that is not is removed.
   */
  static boolean reusable(Path file, ResolvedBackup backup) throws IOException {
    Path proof = proofOf(file);
    if (Files.exists(file) && Files.exists(proof)) {
      List<String> lines = Files.readAllLines(proof);
      if (lines.size() == 2
          && lines.get(0).equals(backup.sha256())
          && Files.size(file) == backup.dumpBytes()
          && lines.get(1).equals(hashOf(file))) {
        return true;
      }
    }
    remove(file);
    return false;
  }

  /** Whether the file was staged whole and proved. */
  static boolean proved(Path file) {
    return Files.exists(proofOf(file));
  }

  /** Removes the staged file and its proof. */
  static void remove(Path file) throws IOException {
    Files.deleteIfExists(proofOf(file));
    Files.deleteIfExists(file);
  }

  /** Closes a download early; it ends either way. */
  static void closeQuietly(InputStream object) {
    try {
      object.close();
    } catch (IOException ignored) {
      // the download ends either way
    }
  }

  private static Path proofOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".checked");
  }

  private static String hashOf(Path file) throws IOException {
    MessageDigest sha256 = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * Reads the whole object and proves it, keeping nothing: the same check as {@link #stage},
   * without a disk.
   *
   * @throws DrdException CHECKSUM_MISMATCH when the object is not what the manifest says
   */
  static void check(InputStream object, ResolvedBackup backup, LongConsumer progress)
      throws IOException {
    copy(object, backup, OutputStream.nullOutputStream(), progress);
  }

  /**
   * The same check, the archive written to {@code out} as it is proved (a reader that stops early
   * must not fail the writes: see {@link BackupVerifier}).
   */
  static void checkInto(InputStream object, ResolvedBackup backup, OutputStream out)
      throws IOException {
    copy(object, backup, out, bytes -> {});
  }

  private static void copy(
      InputStream object, ResolvedBackup backup, OutputStream out, LongConsumer progress)
      throws IOException {
    MessageDigest sha256 = sha256();
    Counting counted = new Counting(object);
    long written = 0;
    String damage = null;
    try (DigestInputStream digested = new DigestInputStream(counted, sha256)) {
      try (ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(unclosable(digested))) {
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = zstd.read(buffer)) >= 0) {
          written += n;
          if (written > backup.dumpBytes()) {
            damage =
                "it decompresses to more than the manifest's %,d bytes"
                    .formatted(backup.dumpBytes());
            break;
          }
          out.write(buffer, 0, n);
          progress.accept(counted.count);
        }
      } catch (ZstdIOException e) {
        damage = "it is not a valid zstd stream (" + e.getMessage() + ")";
      }
      digested.transferTo(OutputStream.nullOutputStream());
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(backup.sha256()) || counted.count != backup.bytes()) {
      throw new DrdException(
          FailureType.CHECKSUM_MISMATCH,
          ("backup object %s is damaged: the manifest says sha256 %s and %,d bytes, the object has"
                  + " sha256 %s and %,d bytes%s. Nothing was restored. Restore an older backup"
                  + " (drd backup list --target %s) and find out what changed the object")
              .formatted(
                  backup.key(),
                  backup.sha256(),
                  backup.bytes(),
                  actual,
                  counted.count,
                  damage == null ? "" : "; " + damage,
                  backup.target()));
    }
    if (damage != null || written != backup.dumpBytes()) {
      throw new DrdException(
          FailureType.CHECKSUM_MISMATCH,
          ("backup object %s matches its checksum, but its archive has %,d bytes where the manifest"
                  + " says %,d%s. Nothing was restored; the manifest and the dump disagree")
              .formatted(
                  backup.key(),
                  written,
                  backup.dumpBytes(),
                  damage == null ? "" : " (" + damage + ")"));
    }
  }

  /** zstd closes what it reads from; the rest of the object must still be read through the hash. */
  private static InputStream unclosable(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Counts the bytes read through it. */
  private static final class Counting extends FilterInputStream {
    private long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
