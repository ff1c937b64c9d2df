package dev.drd.restore;

import java.time.Duration;
import java.time.Instant;

/**
 * A finished restore and its proof.
 *
 * @param recoveryTime from the start of the download to the end of verification: the RTO this
 *     restore achieved
 * @param backupAge how old the restored data was when the restore started: the RPO it achieved
 */
public record RestoreResult(
    String target,
    String backupKey,
    Instant backupTakenAt,
    String server,
    String database,
    String sha256,
    long bytes,
    long dumpBytes,
    int jobs,
    Instant startedAt,
    Instant downloadStartedAt,
    Instant checksumVerifiedAt,
    Instant restoredAt,
    Instant verifiedAt,
    Duration recoveryTime,
    Duration backupAge,
    VerificationReport verification) {}
