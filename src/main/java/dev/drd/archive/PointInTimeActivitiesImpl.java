package dev.drd.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.ClusterFacts;
import dev.drd.postgres.LocalCluster;
import dev.drd.postgres.Lsn;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.ActivityPause;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class PointInTimeActivitiesImpl implements PointInTimeActivities {
  private static final Logger log = LoggerFactory.getLogger(PointInTimeActivitiesImpl.class);
  private static final Duration PROMOTION = Duration.ofHours(6);

  private final DrdConfig config;
  private final Supplier<PgTools> tools;
  private final ObjectStore store;
  private final WalLayout layout;
  private final Clock clock;

  public PointInTimeActivitiesImpl(
      DrdConfig config, Supplier<PgTools> tools, ObjectStore store, Clock clock) {
    this.config = config;
    this.tools = tools;
    this.store = store;
    this.layout = new WalLayout(config.storage().prefix());
    this.clock = clock;
  }

  @Override
  public PitrPlan planPointInTime(PitrRequest request) {
    TargetConfig t = ArchivedTargets.require(config, request.target(), "a point-in-time restore");
    RecoveryTarget at = parse(request.at());
    Path dir = Path.of(request.dataDir());
    if (Files.exists(dir) && !emptyDir(dir)) {
      throw refused("the data directory %s is not empty: give a new or empty one", dir);
    }
    String prefix = config.storage().prefix();
    ArchiveStatus status =
        ArchiveStatus.read(store, prefix, t.name())
            .orElseThrow(() -> refused("nothing of %s is archived yet", t.name()));
    List<BaseBackupManifest> bases = BaseBackups.complete(store, prefix, t.name());
    if (bases.isEmpty()) {
      throw refused(
          "%s has no complete base backup: take one with drd archive backup --target %s",
          t.name(), t.name());
    }
    String window =
        "the recovery window is %s (%s) to %s (%s)"
            .formatted(
                bases.get(0).finishedAt(),
                bases.get(0).stopLsn(),
                status.archivedAt(),
                status.archivedLsn());
    long end = Lsn.parse(status.archivedLsn());
    if (at.isLsn() && at.lsn() > end || at.isTime() && at.time().isAfter(status.archivedAt())) {
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
    if (base.timeline() != status.timeline()) {
      throw refused(
          "base backup %s is on timeline %d, the archive on %d: a restore across timelines is"
              + " not supported yet",
          base.key(), base.timeline(), status.timeline());
    }
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
        base,
        segments.name(base.timeline(), Lsn.parse(base.startLsn())),
        segments.name(base.timeline(), last),
        status.segmentSize(),
        status.archivedLsn());
  }

  @Override
  public PitrResult restorePointInTime(PitrPlan plan) {
    PitrRequest request = plan.request();
    TargetConfig t = ArchivedTargets.require(config, request.target(), "a point-in-time restore");
    RecoveryTarget at = parse(request.at());
    PgTools pg = tools.get();
    requireServerBinaries(pg, plan.base());
    Instant started = clock.instant();
    Path dir = Path.of(request.dataDir()).toAbsolutePath();
    Path work =
        config
            .restore()
            .workDir()
            .resolve("pitr-%s-%d".formatted(t.name(), started.toEpochMilli()));
    WalFetch wal = new WalFetch(store, layout);
    AtomicReference<String> doing = new AtomicReference<>("downloading the base backup");
    boolean created = !Files.exists(dir);
    LocalCluster cluster = null;
    try (AttemptLease lease =
        AttemptLease.hold(
            Activity.getExecutionContext(),
            () ->
                Map.of(
                    "summary",
                    doing.get() + " (%d WAL segments fetched)".formatted(wal.fetched())))) {
      Files.createDirectories(work);
      Path tar = work.resolve("base.tar.zst");
      download(plan.base(), tar);
      lease.rethrowIfLost();
      doing.set("writing the base backup into " + dir);
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      try (InputStream in = new ZstdInputStream(Files.newInputStream(tar))) {
        TarExtract.into(in, dir);
      }
      Files.delete(tar);
      doing.set("fetching WAL ahead of replay");
      wal.fetch(plan, work.resolve("wal"), config.restore().jobs());
      lease.rethrowIfLost();
      RecoveryConfig recovery = RecoveryConfig.apply(dir, work.resolve("wal"), at);
      int port = freePort();
      doing.set("replaying WAL to " + at.text() + " on a server at 127.0.0.1:" + port);
      cluster = LocalCluster.primary(pg, dir, port).start(PROMOTION);
      PostgresEndpoint local =
          new PostgresEndpoint(t.name(), "127.0.0.1", port, "template1", t.user(), null, "disable");
      ClusterFacts.Promoted reached = awaitPromotion(local, cluster, lease);
      doing.set("shutting the recovered server down");
      cluster.stop();
      cluster = null;
      recovery.undo();
      Instant finished = clock.instant();
      log.info(
          "point-in-time restore of {} to {} into {}: base backup {}, {} WAL segment(s) ({}),"
              + " reached {} (last commit {}), timeline {}, in {}",
          t.name(),
          at.text(),
          dir,
          plan.base().key(),
          wal.fetched(),
          DataSize.format(wal.bytes()),
          reached.replayedLsn(),
          reached.commitTime(),
          reached.timeline(),
          Durations.format(Duration.between(started, finished)));
      return new PitrResult(
          t.name(),
          dir.toString(),
          at.text(),
          plan.base().key(),
          reached.replayedLsn(),
          reached.commitTime(),
          reached.timeline(),
          wal.fetched(),
          wal.bytes(),
          started,
          finished,
          Duration.between(started, finished));
    } catch (IOException e) {
      throw failed(e.getMessage(), e, dir, created, cluster);
    } catch (RuntimeException e) {
      throw failed(null, e, dir, created, cluster);
    } finally {
      deleteTree(work);
    }
  }

  private ClusterFacts.Promoted awaitPromotion(
      PostgresEndpoint local, LocalCluster cluster, AttemptLease lease) throws IOException {
    Instant deadline = clock.instant().plus(PROMOTION);
    while (true) {
      lease.rethrowIfLost();
      if (!cluster.isRunning()) {
        throw new DrdException(
            FailureType.PITR_FAILED,
            "the recovering server stopped: " + logTail(cluster.logFile()));
      }
      Optional<ClusterFacts.Promoted> promoted =
          ClusterFacts.promoted(local, "drd point-in-time restore");
      if (promoted.isPresent()) {
        return promoted.get();
      }
      if (clock.instant().isAfter(deadline)) {
        throw new DrdException(
            FailureType.PITR_FAILED,
            "the recovery did not end within " + Durations.format(PROMOTION));
      }
      ActivityPause.of(Duration.ofMillis(200));
    }
  }

  private void download(BaseBackupManifest base, Path tar) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(store.open(base.key()), sha256);
        OutputStream out = Files.newOutputStream(tar)) {
      in.transferTo(out);
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(base.sha256())) {
      throw new DrdException(
          FailureType.CHECKSUM_MISMATCH,
          ("base backup %s is damaged: its SHA-256 is %s, its manifest says %s. Nothing was"
                  + " restored; choose a point after another base backup")
              .formatted(base.key(), actual, base.sha256()));
    }
  }

  private static void requireServerBinaries(PgTools pg, BaseBackupManifest base) {
    int major = Integer.parseInt(base.serverVersion().replaceFirst("[^0-9].*", ""));
    int here;
    try {
      here = pg.majorVersion("postgres");
    } catch (RuntimeException e) {
      throw new DrdException(
          FailureType.TOOL_MISSING,
          ("a point-in-time restore runs PostgreSQL %d's server on the daemon's host, and none is"
                  + " there (%s): install its server package or set postgres.binDir")
              .formatted(major, e.getMessage()));
    }
    if (here != major) {
      throw new DrdException(
          FailureType.TOOL_INCOMPATIBLE,
          ("the base backup is of PostgreSQL %d; the server binaries on the daemon's host are %d."
                  + " Install PostgreSQL %d's server there (the image carries its own) or point"
                  + " postgres.binDir at it")
              .formatted(major, here, major));
    }
  }

  private DrdException failed(
      String message, Exception e, Path dir, boolean created, LocalCluster cluster) {
    if (cluster != null) {
      try {
        cluster.crash();
      } catch (IOException | RuntimeException stop) {
        log.warn("cannot stop the recovering server in {}: {}", dir, stop.toString());
      }
    }
    if (created) {
      deleteTree(dir);
    }
    if (e instanceof DrdException d) {
      return d;
    }
    return new DrdException(
        FailureType.PITR_FAILED,
        "the point-in-time restore into %s failed: %s%s"
            .formatted(
                dir,
                message != null ? message : e.toString(),
                created ? " (the directory is removed)" : ""),
        e);
  }

  private static RecoveryTarget parse(String at) {
    try {
      return RecoveryTarget.parse(at);
    } catch (IllegalArgumentException e) {
      throw new DrdException(FailureType.PITR_REFUSED, e.getMessage());
    }
  }

  private static DrdException refused(String format, Object... args) {
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String logTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no server log at " + log + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
