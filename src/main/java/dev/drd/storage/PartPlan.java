package dev.drd.storage;

import dev.drd.config.DataSize;

/**
 * The part size of one upload, fixed before its first byte: large enough that S3's 10,000 parts
 * hold the expected size with a quarter to spare, never smaller than {@code storage.partSize}. The
 * upload holds {@value #BUFFERS} parts in memory ({@link #memoryBytes()}): two uploading while one
 * fills.
 */
public record PartPlan(long partSize, long expectedBytes) {
  public static final int MAX_PARTS = 10_000;
  public static final int BUFFERS = S3MultipartUpload.IN_FLIGHT + 1;
  private static final long MIB = 1L << 20;

  /** Below Java's largest array and S3's 5 GiB part. */
  static final long LARGEST_PART = 2_047 * MIB;

  /**
   * @param expectedBytes what the upload will most likely hold, e.g. the database's size (a
   *     compressed dump is rarely larger); 0 when unknown
   * @param minPartSize {@code storage.partSize}
   */
  public static PartPlan forExpected(long expectedBytes, long minPartSize) {
    long withMargin = expectedBytes + expectedBytes / 4;
    long needed = ceilDiv(withMargin, MAX_PARTS);
    long roundedToMiB = ceilDiv(needed, MIB) * MIB;
    return new PartPlan(Math.min(Math.max(minPartSize, roundedToMiB), LARGEST_PART), expectedBytes);
  }

  /** The memory the upload's buffers take at most. */
  public long memoryBytes() {
    return BUFFERS * partSize;
  }

  /** The largest object this plan can upload. */
  public long capacityBytes() {
    return MAX_PARTS * partSize;
  }

  /** "parts of 132.0 MiB (3 held at once: 396.0 MiB)". */
  public String describe() {
    return "parts of %s (%d held at once: %s)"
        .formatted(DataSize.format(partSize), BUFFERS, DataSize.format(memoryBytes()));
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }
}
