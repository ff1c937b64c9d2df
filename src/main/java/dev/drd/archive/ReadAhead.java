package dev.drd.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream to its end on a thread of its own, a few chunks ahead of its reader: the download,
 * checksum and decompression of a base backup run beside the writing of its files, on a second
 * core.
 */
final class ReadAhead extends InputStream {
  private static final byte[] END = new byte[0];
  private static final int CHUNK = 1 << 20;

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(8);
  private final Thread reader;
  private volatile IOException failed;
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  /**
   * @param source read to its end, then {@code afterwards} runs on the same thread (the rest of
   *     what the source read from, through its checksum)
   */
  ReadAhead(InputStream source, IoAction afterwards) {
    reader =
        Thread.ofPlatform()
            .daemon()
            .name("drd-read-ahead")
            .start(() -> {
              try {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = source.readNBytes(buffer, 0, CHUNK)) > 0) {
                  chunks.put(Arrays.copyOf(buffer, n));
                }
                afterwards.run();
              } catch (IOException e) {
                failed = e;
              } catch (InterruptedException e) {
                failed = new InterruptedIOException("the read-ahead was stopped");
              } finally {
                try {
                  chunks.put(END);
                } catch (InterruptedException stopped) {
                  // the reader is gone: close() interrupted us
                }
              }
            });
  }

  /** What the reading thread does once its source has ended. */
  interface IoAction {
    void run() throws IOException;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      byte[] next = take();
      if (next == END) {
        ended = true;
        if (failed != null) {
          throw failed;
        }
        return -1;
      }
      current = next;
      position = 0;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  /** Reads what is left to the end, so that the reading thread has finished its work. */
  void finish() throws IOException {
    byte[] rest = new byte[CHUNK];
    while (read(rest, 0, rest.length) >= 0) {
      // discarded: the tar's trailing blocks
    }
  }

  private byte[] take() throws IOException {
    try {
      return chunks.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the base backup");
    }
  }

  /** Stops the reading thread and waits for it, so that what it read from is the caller's again. */
  @Override
  public void close() throws IOException {
    reader.interrupt();
    try {
      if (!reader.join(java.time.Duration.ofMinutes(1))) {
        throw new IOException("the read-ahead of the base backup did not stop within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the read-ahead");
    }
  }
}
