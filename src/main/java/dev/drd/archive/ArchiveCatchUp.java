package dev.drd.archive;

import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.ReplicaState;
import dev.drd.postgres.ReplicationSlots;
import dev.drd.postgres.StandbyWalFeed;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.ActivityPause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the archive holds of a standby's server beyond what the standby received, and feeding it to
 * the standby before its promotion, so that a failover with the primary gone loses nothing the
 * archive holds. The archive is the one of the configured target whose status names the standby's
 * cluster (system identifier) and timeline.
 */
public final class ArchiveCatchUp {
  private static final Logger log = LoggerFactory.getLogger(ArchiveCatchUp.class);

  /**
   * The archive of a standby's server, against the standby.
   *
   * @param target the archived target
   * @param beyondBytes what the archive holds past what the standby received (0: nothing)
   */
  public record Position(
      String target, ArchiveStatus status, String standbyReceived, long beyondBytes) {
    /** For the preflight and the promotion's record. */
    public String describe() {
      return ("the archive of %s holds WAL to %s (timeline %d), every commit until %s; the replica"
              + " received %s: %s")
          .formatted(
              target,
              status.archivedLsn(),
              status.timeline(),
              status.completeUntil(),
              standbyReceived,
              beyondBytes == 0
                  ? "it lacks nothing the archive holds"
                  : "the archive holds %s more, which drd replays into the replica before its"
                          .formatted(DataSize.format(beyondBytes))
                      + " promotion");
    }
  }

  private final DrdConfig config;
  private final ObjectStore store;
  private final Clock clock;

  public ArchiveCatchUp(DrdConfig config, ObjectStore store, Clock clock) {
    this.config = config;
    this.store = store;
    this.clock = clock;
  }

  /** The archive of the standby's server on its timeline; empty when none is configured. */
  public Optional<Position> of(PostgresEndpoint standby, ReplicaState state) {
    if (config.targets().stream().noneMatch(TargetConfig::archived)) {
      return Optional.empty();
    }
    StandbyWalFeed.Lineage lineage = StandbyWalFeed.lineage(standby);
    for (TargetConfig t : config.targets()) {
      if (!t.archived()) {
        continue;
      }
      Optional<ArchiveStatus> status =
          ArchiveStatus.read(store, config.storage().prefix(), t.name())
              .filter(s -> lineage.systemId().equals(s.systemId()))
              .filter(s -> s.timeline() == lineage.timeline() && s.archivedLsn() != null);
      if (status.isPresent()) {
        String received = state.lastReceivedLsn();
        long beyond = Math.max(0, Lsn.bytesBetween(status.get().archivedLsn(), received));
        return Optional.of(new Position(t.name(), status.get(), received, beyond));
      }
    }
    return Optional.empty();
  }

  /**
   * Makes the archive's slot on a server just promoted, so that it keeps its new timeline's WAL
   * from the start for the archiver, which follows it there.
   *
   * @return what was done, for the promotion's record
   */
  public String keepNewTimeline(PostgresEndpoint promoted, String target) {
    String slot = config.target(target).map(t -> t.archive().slotFor(t.name())).orElse(null);
    if (slot == null) {
      return "no archive of this server is configured";
    }
    try (Connection c = Postgres.connect(promoted.withDatabase("postgres"), "drd failover")) {
      return ReplicationSlots.createIfMissing(c, slot)
          ? "made slot %s for the archive of %s, which keeps the new timeline's WAL for it"
              .formatted(slot, target)
          : "slot %s for the archive of %s was there".formatted(slot, target);
    } catch (SQLException e) {
      log.warn(
          "cannot make the archive's slot {} on the promoted server: {}", slot, e.getMessage());
      return ("could not make slot %s for the archive of %s (%s): the archiver makes it when it"
              + " reaches the server, and WAL written before then may miss the archive")
          .formatted(slot, target, e.getMessage());
    }
  }

  /**
   * Puts the archive's WAL past what the standby received into its {@code pg_wal} and waits up to
   * {@code wait} for its replay to reach the archive's end. Nothing to do while it streams from its
   * primary, which holds more than the archive.
   *
   * @return what was done, for the promotion's record
   */
  public String feed(
      PostgresEndpoint standby, ReplicaState state, Duration wait, Consumer<String> progress) {
    Optional<Position> found = of(standby, state);
    if (found.isEmpty()) {
      return "no archive of this server is configured";
    }
    Position p = found.get();
    if (p.beyondBytes() == 0 || state.streaming()) {
      return p.describe();
    }
    WalSegments segments = new WalSegments(p.status().segmentSize());
    int timeline = p.status().timeline();
    String first = segments.name(timeline, Lsn.parse(p.standbyReceived()));
    String last = segments.name(timeline, Math.max(0, Lsn.parse(p.status().archivedLsn()) - 1));
    Path spool = WorkFiles.newDirectory(config.restore().workDir(), "failover-feed-");
    WalFetch wal = new WalFetch(store, new WalLayout(config.storage().prefix()));
    try {
      progress.accept("fetching the archive's WAL " + first + " to " + last);
      wal.fetch(p.target(), segments.size(), first, last, spool, config.restore().jobs());
      try (Stream<Path> files = Files.list(spool)) {
        // the history files a recovery reads stay out: the replica has its own
        for (Path file : files.filter(f -> !f.toString().endsWith(".history")).sorted().toList()) {
          progress.accept("writing " + file.getFileName() + " into the replica's pg_wal");
          StandbyWalFeed.put(standby, file.getFileName().toString(), file);
        }
      }
    } catch (IOException e) {
      throw new DrdException(
          FailureType.STORAGE_FAILED,
          ("cannot fetch the archive's WAL for the replica (%s); retry the step, or promote"
                  + " without it by hand, losing what the archive holds beyond the replica")
              .formatted(e.getMessage()),
          e);
    } finally {
      WorkFiles.deleteTree(spool);
    }
    long end = Lsn.parse(p.status().archivedLsn());
    Instant deadline = clock.instant().plus(wait);
    String replayed = StandbyWalFeed.replayLsn(standby);
    while (Lsn.parse(replayed) < end && clock.instant().isBefore(deadline)) {
      progress.accept(
          "the replica replays the archive's WAL: at %s of %s"
              .formatted(replayed, p.status().archivedLsn()));
      ActivityPause.of(Duration.ofMillis(200));
      replayed = StandbyWalFeed.replayLsn(standby);
    }
    long missing = Math.max(0, end - Lsn.parse(replayed));
    return ("fed the replica %d segment(s) of the archive of %s (%s to %s); it replayed to %s of the"
            + " archive's %s%s")
        .formatted(
            wal.fetched(),
            p.target(),
            first,
            last,
            replayed,
            p.status().archivedLsn(),
            missing == 0
                ? ""
                : " (the last %s: a record the archive holds only in part, or replayed during the promotion)"
                    .formatted(DataSize.format(missing)));
  }
}
