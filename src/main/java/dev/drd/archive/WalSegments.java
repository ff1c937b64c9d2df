package dev.drd.archive;

/**
 * WAL segments of one server: where each starts and its file name ({@code
 * 000000010000000A000000FF}: timeline, then the segment number in two halves, as PostgreSQL names
 * them).
 */
record WalSegments(long size) {
  WalSegments {
    if (size < (1 << 20) || Long.bitCount(size) != 1) {
      throw new IllegalArgumentException("a WAL segment size is a power of two ≥ 1 MiB: " + size);
    }
  }

  /** Where the segment holding {@code position} starts. */
  long start(long position) {
    return position - Math.floorMod(position, size);
  }

  String name(int timeline, long position) {
    long segment = position / size;
    long perId = 0x1_0000_0000L / size;
    return "%08X%08X%08X".formatted(timeline, segment / perId, segment % perId);
  }

  /** Where the segment of this file name starts. */
  long startOf(String name) {
    long high = Long.parseLong(name.substring(8, 16), 16);
    long low = Long.parseLong(name.substring(16, 24), 16);
    return (high * (0x1_0000_0000L / size) + low) * size;
  }
}
