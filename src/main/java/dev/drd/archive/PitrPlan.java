package dev.drd.archive;

/**
 * What a point-in-time restore uses, checked before anything is touched.
 *
 * @param firstSegment the segment holding the base backup's start
 * @param lastSegment the last segment replay may need (the last one archived for latest or a time)
 * @param segmentSize the server's WAL segment size
 */
public record PitrPlan(
    PitrRequest request,
    BaseBackupManifest base,
    String firstSegment,
    String lastSegment,
    long segmentSize,
    String archiveEndLsn) {}
