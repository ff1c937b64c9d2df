package dev.drd.postgres;

/** A WAL position as PostgreSQL prints it ({@code 16/B374D848}), and distances between two. */
public final class Lsn {
  private Lsn() {}

  /** The position as a byte offset; {@code text} is {@code HIGH/LOW} in hex. */
  public static long parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a WAL position (HIGH/LOW in hex): " + text);
    }
    return (Long.parseLong(text.substring(0, slash), 16) << 32)
        | Long.parseLong(text.substring(slash + 1), 16);
  }

  /** {@code 16/B374D848} for a byte position. */
  public static String format(long position) {
    return "%X/%X".formatted(position >>> 32, position & 0xFFFFFFFFL);
  }

  /** Bytes from {@code behind} up to {@code ahead}; 0 when {@code behind} is not behind. */
  public static long bytesBetween(String ahead, String behind) {
    return Math.max(0, parse(ahead) - parse(behind));
  }
}
