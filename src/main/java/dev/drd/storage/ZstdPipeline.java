package dev.drd.storage;

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
 * Streams a tool's output (a pg_dump archive, a pg_basebackup tar) through zstd and SHA-256 into an
 * upload, in one pass with a fixed buffer: it never touches a local disk and memory does not grow
 * with its size.
 */
public final class ZstdPipeline {
  private static final int CHUNK = 256 * 1024;

  /** What a pg_dump custom-format archive starts with. */
  public static final byte[] PG_DUMP_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

  /** Bytes read from the tool so far. */
  public record Progress(long dumpBytes) {}

  public record Streamed(long dumpBytes, String sha256) {}

  private final int level;
  private final int workers;
  private final long maxBytesPerSecond;
  private final byte[] magic;
  private final String tool;

  /**
   * @param workers zstd threads; 0 compresses on the calling thread
   * @param maxBytesPerSecond read rate limit, 0 for none
   * @param magic what the output must start with (empty for anything)
   * @param tool the program writing it, for messages
   */
  public ZstdPipeline(int level, int workers, long maxBytesPerSecond, byte[] magic, String tool) {
    this.level = level;
    this.workers = workers;
    this.maxBytesPerSecond = maxBytesPerSecond;
    this.magic = magic.clone();
    this.tool = tool;
  }

  /** Reads the output to its end into {@code out}; the caller completes or aborts the upload. */
  public Streamed stream(InputStream archive, OutputStream out, Consumer<Progress> progress)
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
    byte[] start = archive.readNBytes(magic.length);
    if (!Arrays.equals(start, magic)) {
      throw new DrdException(
          FailureType.DUMP_FAILED,
          "%s wrote no archive of the expected kind (it does not start with %s)"
              .formatted(tool, new String(magic, StandardCharsets.US_ASCII)));
    }
    zstd.write(start);
    read += start.length;
    byte[] buffer = new byte[CHUNK];
    int n;
    while ((n = archive.read(buffer)) >= 0) {
      if (Thread.interrupted()) {
        throw new InterruptedIOException(tool + " was interrupted after " + read + " bytes");
      }
      zstd.write(buffer, 0, n);
      read += n;
      throttle(read, started);
      progress.accept(new Progress(read));
    }
    zstd.closeWithoutClosingParentStream();
    return new Streamed(read, HexFormat.of().formatHex(sha256.digest()));
  }

  /** What streaming into {@code key} failed with, as a failure a runbook reports. */
  public static DrdException failure(Exception e, String key) {
    if (e instanceof DrdException d) {
      return d;
    }
    if (e instanceof InterruptedIOException) {
      return new DrdException(
          FailureType.INTERRUPTED,
          "streaming into %s was interrupted; it will be retried".formatted(key),
          e);
    }
    return new DrdException(
        FailureType.DUMP_FAILED, "streaming into %s failed: %s".formatted(key, e), e);
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
        throw new InterruptedIOException(tool + " was interrupted after " + read + " bytes");
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
