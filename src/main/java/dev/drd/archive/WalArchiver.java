package dev.drd.archive;

import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.ClusterFacts;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.ReplicationSlots;
import dev.drd.postgres.TimelineHistory;
import dev.drd.postgres.WalStream;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.ActivityPause;
import dev.drd.temporal.AttemptLease;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a server's archiver: streams WAL through the slot into the bucket. A whole segment
 * is compressed, hashed and uploaded, and only then confirmed to the server (the slot lets it go);
 * the segment being written is uploaded as {@code .partial} within half of {@code maxDelay} of its
 * first unarchived byte. Resumes where the archive ends, whichever daemon ran the attempt before.
 */
final class WalArchiver {
  private static final Logger log = LoggerFactory.getLogger(WalArchiver.class);
  private static final Duration IDLE = Duration.ofMillis(50);
  private static final Duration SLOT_RELEASE = Duration.ofSeconds(30);

  private final TargetConfig target;
  private final PostgresEndpoint replication;
  private final PostgresEndpoint sql;
  private final ObjectStore store;
  private final WalLayout layout;
  private final Path workDir;
  private final Clock clock;
  private final ArchiveMetrics metrics;
  private final String slot;
  private final Duration maxDelay;

  private WalStream wal;
  private Connection db;
  private WalStream.ServerIdentity server;
  private WalSegments segments;
  private SegmentFile current;
  private List<String> gaps;
  private long streamedFrom;
  private long partialEnd;
  private Instant pendingSince;
  private final WrittenAt serverWrote = new WrittenAt();
  private final FallingBehind fallingBehind;
  private Instant checkedAt = Instant.EPOCH;
  private long archivedLsn = -1;
  private Instant archivedAt;
  private long wholeEnd = -1;
  private String lastSegment;
  private int uploaded;
  private volatile ArchiveProgress progress;

  WalArchiver(
      TargetConfig target,
      PostgresEndpoint replication,
      PostgresEndpoint sql,
      ObjectStore store,
      WalLayout layout,
      Path workDir,
      Clock clock,
      ArchiveMetrics metrics) {
    this.target = target;
    this.replication = replication;
    this.sql = sql;
    this.store = store;
    this.layout = layout;
    this.workDir = workDir;
    this.clock = clock;
    this.metrics = metrics;
    this.slot = target.archive().slotFor(target.name());
    this.maxDelay = target.archive().maxDelay();
    this.fallingBehind = new FallingBehind(maxDelay);
    this.progress =
        new ArchiveProgress("connecting to " + sql.host() + ":" + sql.port(), 0, null, null, 0);
  }

  ArchiveProgress progress() {
    return progress;
  }

  /**
   * Streams until {@code runFor} has passed or {@code stopping} says so, then uploads what it holds
   * and hands over.
   */
  ArchiveRun run(AttemptLease lease, Duration runFor, BooleanSupplier stopping) {
    String app = "drd archive " + target.name();
    Instant until = clock.instant().plus(runFor);
    try (WalStream stream = WalStream.open(replication, app);
        Connection sqlConnection = Postgres.connect(sql, app)) {
      wal = stream;
      db = sqlConnection;
      lease.onLoss(stream::close);
      server = wal.identify();
      segments = new WalSegments(ClusterFacts.walSegmentSize(db));
      ArchiveStatus last = lastStatus();
      if (last != null && !last.systemId().equals(server.systemId())) {
        throw new DrdException(
            FailureType.ARCHIVE_CONFLICT,
            ("the archive of target %s (%s) holds WAL of another cluster (system id %s; the server"
                    + " is %s). Give this server's archive a prefix of its own, or move the old"
                    + " archive away")
                .formatted(
                    target.name(), layout.wal(target.name()), last.systemId(), server.systemId()));
      }
      gaps = last == null ? new ArrayList<>() : new ArrayList<>(last.gaps());
      if (last != null && last.timeline() > server.timeline()) {
        throw new DrdException(
            FailureType.ARCHIVE_CONFLICT,
            ("the archive of target %s is on timeline %d, the server at %s:%d on timeline %d: it"
                    + " is a server a failover left behind (the old primary?). Point the target at"
                    + " the promoted server, or give this one an archive prefix of its own")
                .formatted(
                    target.name(), last.timeline(), sql.host(), sql.port(), server.timeline()));
      }
      if (server.timeline() > 1
          && store.stat(layout.history(target.name(), server.timeline())).isEmpty()) {
        keepHistories();
      }
      if (wal.createSlotIfMissing(slot)) {
        log.info("archive of {}: created replication slot {}", target.name(), slot);
      }
      long start = startPoint(last, takeSlot(lease));
      wal.start(slot, start);
      streamedFrom = start;
      partialEnd = start;
      current = SegmentFile.begin(workDir, start);
      log.info(
          "archive of {}: streaming WAL from {} (timeline {}) through slot {}",
          target.name(),
          Lsn.format(start),
          server.timeline(),
          slot);
      stream(lease, until, stopping);
      if (current.end() > partialEnd) {
        uploadPartial(lease);
      }
      checkServer();
      return new ArchiveRun(
          target.name(),
          server.timeline(),
          Lsn.format(streamedFrom),
          Lsn.format(current.end()),
          uploaded,
          ArchiveRun.HANDED_OVER);
    } catch (SQLException e) {
      throw Postgres.classify(e, sql);
    } finally {
      if (current != null) {
        current.close();
      }
    }
  }

  private void stream(AttemptLease lease, Instant until, BooleanSupplier stopping)
      throws SQLException {
    while (true) {
      lease.rethrowIfLost();
      WalStream.Chunk chunk = wal.read();
      if (chunk != null) {
        take(chunk, lease);
      }
      Instant now = clock.instant();
      if (pendingSince != null
          && Duration.between(pendingSince, now).compareTo(maxDelay.dividedBy(2)) >= 0) {
        uploadPartial(lease);
      }
      if (Duration.between(checkedAt, now).compareTo(maxDelay) >= 0) {
        checkServer();
      }
      if (!now.isBefore(until) || stopping.getAsBoolean()) {
        return;
      }
      if (chunk == null) {
        ActivityPause.of(IDLE);
      }
    }
  }

  private void take(WalStream.Chunk chunk, AttemptLease lease) throws SQLException {
    if (chunk.start() != current.end()) {
      throw new IllegalStateException(
          "the server sent WAL from %s where the archive needs %s next"
              .formatted(Lsn.format(chunk.start()), Lsn.format(current.end())));
    }
    ByteBuffer bytes = chunk.bytes();
    while (bytes.hasRemaining()) {
      int n = (int) Math.min(current.start() + segments.size() - current.end(), bytes.remaining());
      current.append(bytes.slice(bytes.position(), n));
      bytes.position(bytes.position() + n);
      if (pendingSince == null) {
        pendingSince = clock.instant();
      }
      if (current.end() == current.start() + segments.size()) {
        completeSegment(lease);
      }
    }
  }

  private void completeSegment(AttemptLease lease) throws SQLException {
    String name = segments.name(server.timeline(), current.start());
    upload(lease, layout.segment(target.name(), name), current);
    if (partialEnd > current.start()) {
      store.delete(layout.partial(target.name(), name));
    }
    wal.confirm(current.end());
    lastSegment = name;
    wholeEnd = current.end();
    uploaded++;
    metrics.segmentArchived(target.name());
    archived(current.end());
    SegmentFile next = SegmentFile.begin(workDir, current.end());
    current.close();
    current = next;
    partialEnd = current.start();
    pendingSince = null;
    checkServer();
  }

  private void uploadPartial(AttemptLease lease) throws SQLException {
    if (current.end() == current.start()) {
      pendingSince = null;
      return;
    }
    String name = segments.name(server.timeline(), current.start());
    upload(lease, layout.partial(target.name(), name), current);
    partialEnd = current.end();
    pendingSince = null;
    archived(current.end());
    checkServer();
  }

  private void upload(AttemptLease lease, String key, SegmentFile wal) {
    byte[] bytes = wal.compressed();
    lease.rethrowIfLost();
    store.put(
        key,
        bytes,
        "application/zstd",
        Map.of(
            "sha256",
            sha256(bytes),
            "start-lsn",
            Lsn.format(wal.start()),
            "end-lsn",
            Lsn.format(wal.end())));
  }

  private void archived(long position) {
    archivedLsn = position;
    archivedAt = clock.instant();
    progress =
        new ArchiveProgress(
            "streaming WAL of %s (timeline %d): archived up to %s"
                .formatted(target.name(), server.timeline(), Lsn.format(position)),
            server.timeline(),
            Lsn.format(position),
            archivedAt,
            uploaded);
  }

  /** Asks the server how far it is and what the slot keeps, and writes the archive's status. */
  private void checkServer() throws SQLException {
    ReplicationSlots.Position position = ReplicationSlots.position(db, slot);
    checkedAt = clock.instant();
    serverWrote.observe(position.currentLsn(), checkedAt);
    long reached = archivedLsn >= 0 ? archivedLsn : streamedFrom;
    ArchiveStatus status =
        new ArchiveStatus(
            target.name(),
            server.systemId(),
            server.timeline(),
            segments.size(),
            slot,
            archivedLsn >= 0 ? Lsn.format(archivedLsn) : null,
            wholeEnd >= 0 ? Lsn.format(wholeEnd) : null,
            lastSegment,
            archivedAt,
            serverWrote.lastBefore(reached),
            Lsn.format(position.currentLsn()),
            position.retainedBytes(),
            checkedAt,
            gaps);
    metrics.observe(status);
    fallingBehind
        .check(status)
        .ifPresent(said -> log.warn("archive of {}: {}", target.name(), said));
    store.put(layout.status(target.name()), Documents.toJson(status), "application/json");
  }

  private ArchiveStatus lastStatus() {
    return store.stat(layout.status(target.name())).isPresent()
        ? Documents.read(store, layout.status(target.name()), ArchiveStatus.class)
        : null;
  }

  /**
   * The slot, free for this attempt: a walsender still streaming through it belongs to an earlier
   * attempt that lost its lease (Temporal gave up on it), and is ended.
   */
  private ReplicationSlots.Slot takeSlot(AttemptLease lease) throws SQLException {
    Instant deadline = clock.instant().plus(SLOT_RELEASE);
    boolean ended = false;
    while (true) {
      ReplicationSlots.Slot held =
          ReplicationSlots.slot(db, slot)
              .orElseThrow(() ->
                  new IllegalStateException(
                      "replication slot %s vanished right after it was made".formatted(slot)));
      if (held.activePid() == 0) {
        return held;
      }
      if (!ended) {
        log.warn(
            "archive of {}: slot {} is in use by walsender pid {} (an earlier attempt that lost its"
                + " lease); ending it",
            target.name(),
            slot,
            held.activePid());
        ended = ReplicationSlots.endHolder(db, held.activePid());
      }
      if (clock.instant().isAfter(deadline)) {
        throw new DrdException(
            FailureType.DATABASE_IN_USE,
            ("replication slot %s on %s:%d is still in use by pid %d after %s: is another archiver"
                    + " (another drd installation?) streaming through it? Give each its own slot"
                    + " (archive.slot)")
                .formatted(slot, sql.host(), sql.port(), held.activePid(), SLOT_RELEASE));
      }
      lease.rethrowIfLost();
      ActivityPause.of(IDLE);
    }
  }

  /** Where this attempt streams from: the end of the archive, unless the slot lost WAL since. */
  private long startPoint(ArchiveStatus last, ReplicationSlots.Slot held) {
    long resume = resumePoint(last);
    long kept = held.restartLsn();
    if (resume < 0) {
      return segments.start(kept >= 0 ? kept : server.walPosition());
    }
    if (resume > server.walPosition()) {
      throw new DrdException(
          FailureType.ARCHIVE_CONFLICT,
          ("the archive of target %s reaches %s but the server is only at %s: the server is not"
                  + " the one archived there (restored from a backup?). Move the archive away or"
                  + " give this server another prefix")
              .formatted(target.name(), Lsn.format(resume), Lsn.format(server.walPosition())));
    }
    if (kept >= 0 && segments.start(kept) > resume) {
      String gap = Lsn.format(resume) + "-" + Lsn.format(segments.start(kept));
      gaps.add(gap);
      log.error(
          "archive of {}: WAL {} is missing from the archive; slot {} no longer keeps it (was the"
              + " slot dropped, or max_slot_wal_keep_size reached?). Points in time inside it"
              + " cannot be restored; take a base backup",
          target.name(),
          gap,
          slot);
      return segments.start(kept);
    }
    return resume;
  }

  /**
   * Where the newest whole segment of the server's timeline in the archive ends, or -1 when it
   * holds none; on a timeline the archive has not reached yet, where that timeline began.
   */
  private long resumePoint(ArchiveStatus last) {
    boolean sameTimeline = last != null && last.timeline() == server.timeline();
    String newest = newestWhole(server.timeline(), sameTimeline ? last.lastSegment() : null);
    if (newest != null) {
      lastSegment = newest;
      wholeEnd = segments.startOf(newest) + segments.size();
      return wholeEnd;
    }
    if (sameTimeline) {
      return last.wholeSegmentsLsn() != null ? Lsn.parse(last.wholeSegmentsLsn()) : -1;
    }
    return last == null ? -1 : followTimeline(last);
  }

  /** The newest whole segment of a timeline in the archive, from {@code known} on. */
  private String newestWhole(int timeline, String known) {
    String newest = known;
    for (ObjectInfo o :
        store.listAfter(
            layout.timeline(target.name(), timeline),
            known == null ? null : layout.segment(target.name(), known))) {
      String name = WalLayout.wholeSegment(o.key()).orElse(null);
      if (name != null && (newest == null || name.compareTo(newest) > 0)) {
        newest = name;
      }
    }
    return newest;
  }

  /**
   * The server was promoted (a failover) since the archive's last timeline: the archive goes on
   * with the server's timeline from the segment where it began, which the promotion wrote whole.
   * WAL of the old timeline the archive missed before the switch, or of timelines between, is
   * recorded as a gap.
   */
  private long followTimeline(ArchiveStatus last) {
    TimelineHistory history =
        TimelineHistory.parse(server.timeline(), wal.timelineHistory(server.timeline()));
    TimelineHistory.Span archived =
        history
            .span(last.timeline())
            .orElseThrow(() ->
                new DrdException(
                    FailureType.ARCHIVE_CONFLICT,
                    ("the server of target %s is on timeline %d, which does not descend from"
                            + " timeline %d the archive holds (its history: %s). Move the archive"
                            + " away or give this server another prefix")
                        .formatted(
                            target.name(),
                            server.timeline(),
                            last.timeline(),
                            history.switches())));
    String newestOld = newestWhole(last.timeline(), last.lastSegment());
    long reached =
        newestOld != null
            ? segments.startOf(newestOld) + segments.size()
            : last.wholeSegmentsLsn() != null ? Lsn.parse(last.wholeSegmentsLsn()) : 0;
    long begin = segments.start(history.begin());
    long from = Math.min(reached, segments.start(archived.end()));
    if (from < begin) {
      String gap = Lsn.format(from) + "-" + Lsn.format(begin);
      gaps.add(gap);
      log.error(
          "archive of {}: WAL {} before timeline {} began is missing from the archive (the"
              + " archiver was behind when the server was promoted). Points in time inside it"
              + " cannot be restored; take a base backup",
          target.name(),
          gap,
          server.timeline());
    }
    log.info(
        "archive of {}: the server was promoted; following it from timeline {} (ended at {}) onto"
            + " timeline {} from {}",
        target.name(),
        last.timeline(),
        Lsn.format(archived.end()),
        server.timeline(),
        Lsn.format(begin));
    wholeEnd = begin;
    archivedLsn = begin;
    archivedAt = last.archivedAt();
    return begin;
  }

  /** The history files of the server's timeline and its ancestors, which a recovery reads. */
  private void keepHistories() {
    TimelineHistory history =
        TimelineHistory.parse(server.timeline(), wal.timelineHistory(server.timeline()));
    for (TimelineHistory.Span span : history.spans()) {
      String key = layout.history(target.name(), span.timeline());
      if (span.timeline() < 2 || store.stat(key).isPresent()) {
        continue;
      }
      byte[] content;
      try {
        content = wal.timelineHistory(span.timeline());
      } catch (DrdException gone) {
        if (span.timeline() == server.timeline()) {
          throw gone;
        }
        continue; // an ancestor's own file is optional: the newest one names every switch
      }
      store.put(key, content, "text/plain", Map.of("sha256", sha256(content)));
      log.info("archive of {}: kept timeline {}'s history", target.name(), span.timeline());
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
