package dev.drd.postgres;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes a tar stream through unchanged and keeps the content of a few small files it carries (a
 * base backup's {@code backup_label} and {@code backup_manifest}), read as they go by.
 */
final class TarWatch extends FilterInputStream {
  private static final int BLOCK = 512;
  private static final int MAX_KEPT = 64 << 20;
  private final Set<String> wanted;
  private final Map<String, byte[]> kept = new ConcurrentHashMap<>();
  private final byte[] header = new byte[BLOCK];
  private int headerFill;
  private long contentLeft;
  private long paddingLeft;
  private String entry;
  private byte[] content;
  private int contentFill;

  TarWatch(InputStream in, Set<String> wanted) {
    super(in);
    this.wanted = wanted;
  }

  /** A wanted file's content, once it went by whole; null before. */
  byte[] file(String name) {
    return kept.get(name);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      observe(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      observe(buffer, offset, n);
    }
    return n;
  }

  private void observe(byte[] bytes, int offset, int length) {
    int at = offset;
    int end = offset + length;
    while (at < end) {
      if (contentLeft > 0) {
        int n = (int) Math.min(contentLeft, end - at);
        if (content != null) {
          System.arraycopy(bytes, at, content, contentFill, n);
          contentFill += n;
        }
        contentLeft -= n;
        at += n;
        if (contentLeft == 0 && content != null) {
          kept.put(entry, content);
          content = null;
        }
      } else if (paddingLeft > 0) {
        int n = (int) Math.min(paddingLeft, end - at);
        paddingLeft -= n;
        at += n;
      } else {
        int n = Math.min(BLOCK - headerFill, end - at);
        System.arraycopy(bytes, at, header, headerFill, n);
        headerFill += n;
        at += n;
        if (headerFill == BLOCK) {
          headerFill = 0;
          startEntry();
        }
      }
    }
  }

  private void startEntry() {
    String name = text(0, 100);
    if (name.isEmpty()) {
      return; // the end-of-archive blocks
    }
    String size = text(124, 12).trim();
    long bytes = size.isEmpty() ? 0 : Long.parseLong(size, 8);
    entry = name;
    contentLeft = bytes;
    paddingLeft = (BLOCK - bytes % BLOCK) % BLOCK;
    content = wanted.contains(name) && bytes <= MAX_KEPT ? new byte[(int) bytes] : null;
    contentFill = 0;
    if (bytes == 0 && content != null) {
      kept.put(name, content);
      content = null;
    }
  }

  private String text(int from, int length) {
    int end = from;
    while (end < from + length && header[end] != 0) {
      end++;
    }
    return new String(header, from, end - from, StandardCharsets.US_ASCII);
  }
}
