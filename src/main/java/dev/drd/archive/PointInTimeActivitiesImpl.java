package dev.drd.archive;

import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.ClusterFacts;
import dev.drd.postgres.DatabaseInspector;
import dev.drd.postgres.Databases;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.TimelineHistory;
import dev.drd.restore.VerificationReport;
import dev.drd.restore.Verifier;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class PointInTimeActivitiesImpl implements PointInTimeActivities {
  private static final Logger log = LoggerFactory.getLogger(PointInTimeActivitiesImpl.class);

  private final DrdConfig config;
  private final Secrets secrets;
  private final Supplier<PgTools> tools;
  private final ObjectStore store;
  private final WalLayout layout;
  private final Clock clock;

  public PointInTimeActivitiesImpl(
      DrdConfig config, Secrets secrets, Supplier<PgTools> tools, ObjectStore store, Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.tools = tools;
    this.store = store;
    this.layout = new WalLayout(config.storage().prefix());
    this.clock = clock;
  }

  @Override
  public PitrPlan planPointInTime(PitrRequest request) {
    TargetConfig t = ArchivedTargets.require(config, request.target(), "a point-in-time restore");
    boolean random = request.drill() && PitrRequest.RANDOM.equals(request.at());
    RecoveryTarget asked = random ? new RecoveryTarget(RecoveryTarget.LATEST) : parse(request.at());
    checkDestination(request);
    String prefix = config.storage().prefix();
    ArchiveStatus status =
        ArchiveStatus.read(store, prefix, t.name())
            .orElseThrow(() -> refused("nothing of %s is archived yet", t.name()));
    List<BaseBackupManifest> complete = BaseBackups.complete(store, prefix, t.name());
    if (complete.isEmpty()) {
      throw refused(
          "%s has no complete base backup: take one with drd archive backup --target %s",
          t.name(), t.name());
    }
    TimelineHistory history = history(t.name(), status.timeline());
    List<BaseBackupManifest> bases = complete.stream().filter(b -> onHistory(b, history)).toList();
    if (bases.isEmpty()) {
      throw refused(
          "no base backup of %s is on timeline %d's history (the archive's timeline since a"
              + " failover): take one with drd archive backup --target %s",
          t.name(), status.timeline(), t.name());
    }
    String window =
        "the recovery window is %s (%s) to %s (%s)"
            .formatted(
                bases.get(0).finishedAt(),
                bases.get(0).stopLsn(),
                status.completeUntil(),
                status.archivedLsn());
    RecoveryTarget at =
        random ? randomPoint(bases.get(0).finishedAt(), status.completeUntil()) : asked;
    long end = Lsn.parse(status.archivedLsn());
    if (at.isLsn() && at.lsn() > end || at.isTime() && at.time().isAfter(status.completeUntil())) {
      throw refused("%s is after the newest archived WAL: %s", at.text(), window);
    }
    BaseBackupManifest base =
        bases.stream()
            .filter(b ->
                at.latest()
                    || at.isLsn() && Lsn.parse(b.stopLsn()) <= at.lsn()
                    || at.isTime() && !b.finishedAt().isAfter(at.time()))
            .reduce((older, newer) -> newer)
            .orElseThrow(
                () -> refused("%s is before the oldest base backup: %s", at.text(), window));
    for (String gap : status.gaps()) {
      long gapEnd = Lsn.parse(gap.substring(gap.indexOf('-') + 1));
      if (gapEnd > Lsn.parse(base.startLsn())) {
        throw refused("the archive misses WAL %s, which this restore would need; %s", gap, window);
      }
    }
    WalSegments segments = new WalSegments(status.segmentSize());
    long last = at.isLsn() ? at.lsn() : Math.max(end - 1, Lsn.parse(base.stopLsn()));
    return new PitrPlan(
        request,
        at.text(),
        base,
        segments.name(base.timeline(), Lsn.parse(base.startLsn())),
        segments.name(status.timeline(), last),
        status.segmentSize(),
        status.archivedLsn(),
        Duration.ofMillis(Math.round(status.lagSeconds() * 1000)));
  }

  /** The archive's timeline's history: the timelines a recovery may pass through to reach it. */
  private TimelineHistory history(String target, int timeline) {
    if (timeline == 1) {
      return new TimelineHistory(1, List.of());
    }
    String key = layout.history(target, timeline);
    if (store.stat(key).isEmpty()) {
      throw refused(
          "the archive of %s is on timeline %d but its history file %s is missing: the archiver"
              + " writes it when it reaches the server; until then no point can be planned",
          target, timeline, key);
    }
    try (var in = store.open(key)) {
      return TimelineHistory.parse(timeline, in.readAllBytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  /** A base backup a recovery to the archive's timeline can start from. */
  private static boolean onHistory(BaseBackupManifest base, TimelineHistory history) {
    return history
        .span(base.timeline())
        .filter(s -> s.end() < 0 || Lsn.parse(base.stopLsn()) <= s.end())
        .isPresent();
  }

  private void checkDestination(PitrRequest request) {
    switch (request.destination()) {
      case DATA_DIR -> {
        Path dir = Path.of(request.dataDir());
        if (Files.exists(dir) && !emptyDir(dir)) {
          throw refused("the data directory %s is not empty: give a new or empty one", dir);
        }
      }
      case INTO -> DatabaseCopy.requireFree(live(request.server()), request.into());
      case DRILL -> {}
    }
  }

  /** A time drawn evenly from the recovery window: the drill proves any point restores. */
  /**
   * A time within the window; its end when the archive's status was last checked before the base
   * backup finished (right after {@code drd archive backup}): no time lies within then.
   */
  static RecoveryTarget randomPoint(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return new RecoveryTarget(RecoveryTarget.LATEST);
    }
    long span = Duration.between(from, to).toMillis();
    return new RecoveryTarget(
        from.plusMillis(ThreadLocalRandom.current().nextLong(span)).toString());
  }

  @Override
  public PitrResult restorePointInTime(PitrPlan plan) {
    PitrRequest request = plan.request();
    TargetConfig t = ArchivedTargets.require(config, request.target(), "a point-in-time restore");
    RecoveryTarget at = parse(plan.point());
    PitrRequest.Destination destination = request.destination();
    Instant started = clock.instant();
    Path work = WorkFiles.newDirectory(config.restore().workDir(), "pitr-%s-".formatted(t.name()));
    boolean temporary = destination != PitrRequest.Destination.DATA_DIR;
    Path dir = temporary ? work.resolve("data") : Path.of(request.dataDir()).toAbsolutePath();
    ServerRecovery recovery = new ServerRecovery(tools.get(), store, layout, clock);
    boolean created = !Files.exists(dir);
    try (AttemptLease lease =
        AttemptLease.hold(
            Activity.getExecutionContext(), () -> Map.of("summary", recovery.progress()))) {
      ServerRecovery.Recovered server =
          recovery.recover(plan, at, dir, work, config.restore().jobs(), t.user(), lease);
      VerificationReport verification =
          switch (destination) {
            case DATA_DIR -> {
              recovery.doing("shutting the recovered server down");
              recovery.shutDown();
              server.config().undo();
              yield null;
            }
            case INTO ->
                new DatabaseCopy(tools.get(), clock, config.restore().jobs(), recovery::doing)
                    .copy(
                        server.endpoint(t.database()),
                        live(request.server()),
                        request.into(),
                        Stream.concat(
                                t.verify().assertions().stream(), request.assertions().stream())
                            .toList(),
                        "restored by drd from %s at %s (base backup %s, workflow %s)"
                            .formatted(
                                t.name(),
                                plan.point(),
                                plan.base().key(),
                                Activity.getExecutionContext().getInfo().getWorkflowId()),
                        !request.server().equals(t.name()),
                        work,
                        lease);
            case DRILL -> {
              recovery.doing("verifying the recovered database " + t.database());
              PostgresEndpoint database = server.endpoint(t.database());
              yield new Verifier(clock)
                  .readable(
                      database,
                      DatabaseInspector.inspect(database).tables(),
                      t.verify().assertions(),
                      config.restore().jobs());
            }
          };
      ClusterFacts.Promoted reached = server.reached();
      Instant finished = clock.instant();
      log.info(
          "point-in-time restore of {} to {} into {}: base backup {}, {} WAL segment(s) ({}),"
              + " reached {} (last commit {}), timeline {}, in {}",
          t.name(),
          plan.point(),
          switch (destination) {
            case DATA_DIR -> dir.toString();
            case INTO -> "database %s on %s".formatted(request.into(), request.server());
            case DRILL -> "a temporary cluster (drill)";
          },
          plan.base().key(),
          recovery.walSegments(),
          DataSize.format(recovery.walBytes()),
          reached.replayedLsn(),
          reached.commitTime(),
          reached.timeline(),
          Durations.format(Duration.between(started, finished)));
      return new PitrResult(
          t.name(),
          temporary ? null : dir.toString(),
          request.at(),
          plan.point(),
          request.server(),
          request.into(),
          plan.base().key(),
          plan.base().finishedAt(),
          reached.replayedLsn(),
          reached.commitTime(),
          reached.timeline(),
          recovery.walSegments(),
          recovery.walBytes(),
          started,
          finished,
          Duration.between(started, finished),
          plan.archiveLag(),
          verification);
    } catch (IOException e) {
      recovery.abandon();
      throw failed(e.getMessage(), e, dir, temporary ? null : created);
    } catch (RuntimeException e) {
      recovery.abandon();
      throw failed(null, e, dir, temporary ? null : created);
    } finally {
      recovery.abandon();
      WorkFiles.deleteTree(work);
    }
  }

  private PostgresEndpoint live(String server) {
    return PostgresEndpoint.of(config.requireTarget(server), secrets)
        .withDatabase(Databases.MAINTENANCE_DATABASE);
  }

  /**
   * @param created whether drd created the data directory (removed) or was given it empty (emptied
   *     again); null for a temporary cluster's, which goes with the work directory
   */
  private DrdException failed(String message, Exception e, Path dir, Boolean created) {
    String cleaned = "";
    if (created != null) {
      if (created) {
        WorkFiles.deleteTree(dir);
        cleaned = " (the directory is removed)";
      } else {
        WorkFiles.deleteContents(dir);
        cleaned = " (the directory is empty again)";
      }
    }
    if (e instanceof DrdException d) {
      return d;
    }
    return new DrdException(
        FailureType.PITR_FAILED,
        "the point-in-time restore into %s failed: %s%s"
            .formatted(dir, message != null ? message : e.toString(), cleaned),
        e);
  }

  private static RecoveryTarget parse(String at) {
    try {
      return RecoveryTarget.parse(at);
    } catch (IllegalArgumentException e) {
      throw new DrdException(FailureType.PITR_REFUSED, e.getMessage());
    }
  }

  static DrdException refused(String format, Object... args) {
    return new DrdException(
        FailureType.PITR_REFUSED, format.formatted(args) + ". Nothing was touched");
  }

  private static boolean emptyDir(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
