package dev.drd.archive;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment being received, in a file of the work dir (so that memory does not grow with the
 * number of archived servers): WAL appended in order, compressed for upload whole or in part.
 */
final class SegmentFile implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final long start;
  private long received;

  private SegmentFile(Path file, FileChannel channel, long start) {
    this.file = file;
    this.channel = channel;
    this.start = start;
  }

  static SegmentFile begin(Path dir, long start) {
    try {
      Files.createDirectories(dir);
      // a file of its own: an earlier attempt on this host may still be writing its own
      Path file = Files.createTempFile(dir, "segment-" + Long.toHexString(start) + "-", ".wal");
      return new SegmentFile(
          file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE), start);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the WAL segment being received in " + dir, e);
    }
  }

  long start() {
    return start;
  }

  /** Where the WAL received so far ends. */
  long end() {
    return start + received;
  }

  void append(ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        received += channel.write(bytes, received);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the WAL segment being received to " + file, e);
    }
  }

  /** The WAL received so far, zstd-compressed (with zstd's own content checksum). */
  byte[] compressed() {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(received / 2, 1 << 24));
    try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, 3)) {
      zstd.setChecksum(true);
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      long read = 0;
      while (read < received) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), received - read));
        int n = channel.read(buffer, read);
        if (n < 0) {
          throw new IOException("the file ended at " + read + " of " + received + " bytes");
        }
        zstd.write(buffer.array(), 0, n);
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress the WAL segment in " + file, e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover file in the work dir is overwritten by the next attempt
    }
  }
}
