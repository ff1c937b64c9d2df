package dev.drd.archive;

import java.time.Duration;

/**
 * What a point-in-time restore uses, checked before anything is touched.
 *
 * @param point where replay stops, {@link RecoveryTarget#text()}: the request's, or the time chosen
 *     for {@code random}
 * @param firstSegment the segment holding the base backup's start
 * @param lastSegment the last segment replay may need (the last one archived for latest or a time)
 * @param segmentSize the server's WAL segment size
 * @param archiveLag how far the archive was behind its server when planned: the data a disaster
 *     then would have lost, the RPO a restore to latest achieves
 */
public record PitrPlan(
    PitrRequest request,
    String point,
    BaseBackupManifest base,
    String firstSegment,
    String lastSegment,
    long segmentSize,
    String archiveEndLsn,
    Duration archiveLag) {}
