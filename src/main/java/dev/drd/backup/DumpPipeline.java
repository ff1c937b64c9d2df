package dev.drd.backup;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Streams a pg_dump archive through zstd and SHA-256 into an upload, in one pass with a fixed
 * buffer: the dump never touches a local disk and memory does not grow with its size.
 */
final class DumpPipeline {
  private static final int CHUNK = 256 * 1024;
  private static final byte[] ARCHIVE_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

  /** Bytes read from pg_dump so far. */
  record Progress(long dumpBytes) {}

  record Streamed(long dumpBytes, String sha256) {}

  private final int level;
  private final int workers;
  private final long maxBytesPerSecond;

  /**
   * @param workers zstd threads; 0 compresses on the calling thread
   * @param maxBytesPerSecond read rate limit, 0 for none
   */
  DumpPipeline(int level, int workers, long maxBytesPerSecond) {
    this.level = level;
    this.workers = workers;
    this.maxBytesPerSecond = maxBytesPerSecond;
  }

  /** Reads the archive to its end into {@code out}; the caller completes or aborts the upload. */
  Streamed stream(InputStream archive, OutputStream out, Consumer<Progress> progress)
      throws IOException {
    MessageDigest sha256 = sha256();
    long read = 0;
    long started = System.nanoTime();
    ZstdOutputStreamNoFinalizer zstd =
        new ZstdOutputStreamNoFinalizer(new DigestOutputStream(out, sha256), level);
    zstd.setChecksum(true);
    if (workers > 0) {
      zstd.setWorkers(workers);
    }
    byte[] magic = archive.readNBytes(ARCHIVE_MAGIC.length);
    if (!Arrays.equals(magic, ARCHIVE_MAGIC)) {
      throw new DrdException(
          FailureType.DUMP_FAILED,
          "pg_dump wrote no custom-format archive (it starts with no PGDMP)");
    }
    zstd.write(magic);
    read += magic.length;
    byte[] buffer = new byte[CHUNK];
    int n;
    while ((n = archive.read(buffer)) >= 0) {
      if (Thread.interrupted()) {
        throw new InterruptedIOException("the dump was interrupted after " + read + " bytes");
      }
      zstd.write(buffer, 0, n);
      read += n;
      throttle(read, started);
      progress.accept(new Progress(read));
    }
    zstd.closeWithoutClosingParentStream();
    return new Streamed(read, HexFormat.of().formatHex(sha256.digest()));
  }

  private void throttle(long read, long startedNanos) throws InterruptedIOException {
    if (maxBytesPerSecond <= 0) {
      return;
    }
    long dueNanos = (long) (read * 1e9 / maxBytesPerSecond);
    long aheadMillis = (dueNanos - (System.nanoTime() - startedNanos)) / 1_000_000;
    if (aheadMillis > 0) {
      try {
        Thread.sleep(aheadMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("the dump was interrupted after " + read + " bytes");
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
