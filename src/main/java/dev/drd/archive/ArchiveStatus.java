package dev.drd.archive;

import dev.drd.postgres.Lsn;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the archiver last did, kept beside the WAL ({@code wal/status.json}) for {@code drd archive
 * status} and for the next attempt to resume from without listing the archive.
 *
 * @param archivedLsn how far the archive reaches, the partial segment included
 * @param wholeSegmentsLsn where the last whole segment uploaded ends
 * @param lastSegment the last whole segment's name
 * @param archivedAt when {@code archivedLsn} was uploaded
 * @param heldAllOf when the server had written no more than the archive now holds (null: unknown):
 *     every unarchived byte is younger, so {@code checkedAt} minus it bounds the archive's lag
 * @param serverLsn the server's WAL position at {@code checkedAt}
 * @param slotRetainedBytes the WAL the slot keeps on the server at {@code checkedAt}
 * @param gaps WAL the archive misses, {@code FROM-TO} (the slot had let it go)
 */
public record ArchiveStatus(
    String target,
    String systemId,
    int timeline,
    long segmentSize,
    String slot,
    String archivedLsn,
    String wholeSegmentsLsn,
    String lastSegment,
    Instant archivedAt,
    Instant heldAllOf,
    String serverLsn,
    long slotRetainedBytes,
    Instant checkedAt,
    List<String> gaps) {
  public ArchiveStatus {
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
  }

  /** The status of a target's archive in the bucket; empty when it was never archived. */
  public static Optional<ArchiveStatus> read(ObjectStore store, String prefix, String target) {
    String key = new WalLayout(prefix).status(target);
    return store.stat(key).map(found -> Documents.read(store, key, ArchiveStatus.class));
  }

  /**
   * How long the oldest WAL not yet archived had waited at {@code checkedAt}, at most: 0 when the
   * archive holds all the server wrote.
   */
  public double lagSeconds() {
    return heldAllOf == null || checkedAt == null || lagBytes() == 0
        ? 0
        : Math.max(0, Duration.between(heldAllOf, checkedAt).toMillis() / 1000.0);
  }

  /**
   * Until when the archive holds every commit: the check's time when nothing was left to archive,
   * else the last time the server had written no more than the archive holds.
   */
  public Instant completeUntil() {
    Instant until = lagBytes() == 0 ? checkedAt : heldAllOf;
    return until != null ? until : archivedAt;
  }

  /** WAL written on the server and not yet archived, as of {@code checkedAt}. */
  public long lagBytes() {
    String reached = archivedLsn != null ? archivedLsn : wholeSegmentsLsn;
    return reached == null || serverLsn == null ? 0 : Lsn.bytesBetween(serverLsn, reached);
  }
}
