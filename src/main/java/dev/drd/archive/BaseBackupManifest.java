package dev.drd.archive;

import java.time.Instant;

/**
 * A usable base backup ({@code base/<stamp>.manifest.json} beside its tar): written only once the
 * archive holds the WAL from {@code startLsn} to {@code stopLsn}. A tar without it is incomplete.
 */
public record BaseBackupManifest(
    int formatVersion,
    String target,
    String key,
    String manifestKey,
    long bytes,
    long tarBytes,
    String sha256,
    String startLsn,
    String stopLsn,
    int timeline,
    String systemId,
    String serverVersion,
    Instant startedAt,
    Instant finishedAt,
    Instant walArchivedAt,
    String workflowId) {
  public static final int FORMAT_VERSION = 1;

  static BaseBackupManifest of(
      BaseBackupTaken t,
      String target,
      String manifestKey,
      Instant walArchivedAt,
      String workflowId) {
    return new BaseBackupManifest(
        FORMAT_VERSION,
        target,
        t.key(),
        manifestKey,
        t.bytes(),
        t.tarBytes(),
        t.sha256(),
        t.startLsn(),
        t.stopLsn(),
        t.timeline(),
        t.systemId(),
        t.serverVersion(),
        t.startedAt(),
        t.finishedAt(),
        walArchivedAt,
        workflowId);
  }
}
