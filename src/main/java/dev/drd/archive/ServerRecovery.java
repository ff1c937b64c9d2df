package dev.drd.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.config.Durations;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.ClusterFacts;
import dev.drd.postgres.LocalServer;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.ActivityPause;
import dev.drd.temporal.AttemptLease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovery of a server from a base backup and the archive: the base backup downloaded and its
 * SHA-256 checked, written into a data directory, the WAL fetched ahead of replay, and a server
 * started on 127.0.0.1 that replays to the point and promotes. What follows (shut down into the
 * directory, copy a database out, verify and drop) is the caller's.
 */
final class ServerRecovery {
  private static final Logger log = LoggerFactory.getLogger(ServerRecovery.class);
  static final Duration PROMOTION = Duration.ofHours(6);

  /**
   * The recovered server, running and promoted; loopback is trusted while it runs for drd.
   *
   * @param user the target's user, a role of the recovered server as of its source
   */
  record Recovered(
      LocalServer cluster, RecoveryConfig config, ClusterFacts.Promoted reached, String user) {
    PostgresEndpoint endpoint(String database) {
      return local(cluster.port(), database, user);
    }
  }

  private static PostgresEndpoint local(int port, String database, String user) {
    return new PostgresEndpoint(
        "the recovered server", "127.0.0.1", port, database, user, null, "disable");
  }

  private final PgTools pg;
  private final ObjectStore store;
  private final WalFetch wal;
  private final Clock clock;
  private volatile String doing = "downloading the base backup";
  private volatile LocalServer cluster;

  ServerRecovery(PgTools pg, ObjectStore store, WalLayout layout, Clock clock) {
    this.pg = pg;
    this.store = store;
    this.wal = new WalFetch(store, layout);
    this.clock = clock;
  }

  /** What the recovery or its caller does now, for the heartbeat. */
  String progress() {
    return doing + " (%d WAL segments fetched)".formatted(wal.fetched());
  }

  void doing(String what) {
    doing = what;
  }

  int walSegments() {
    return wal.fetched();
  }

  long walBytes() {
    return wal.bytes();
  }

  /**
   * @param dir the new data directory: absent or empty
   * @param work a scratch directory of this recovery, for the download and the WAL spool
   */
  Recovered recover(
      PitrPlan plan,
      RecoveryTarget at,
      Path dir,
      Path work,
      int jobs,
      String user,
      AttemptLease lease)
      throws IOException {
    requireServerBinaries(pg, plan.base());
    Files.createDirectories(work);
    // the WAL comes down while the base backup is written: they share no file
    CompletableFuture<Void> walFetched =
        CompletableFuture.runAsync(
            () -> {
              try {
                wal.fetch(plan, work.resolve("wal"), jobs);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            Thread.ofPlatform().daemon().name("drd-wal-fetch")::start);
    try {
      doing("downloading the base backup into " + dir);
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Instant extracting = clock.instant();
      extract(plan.base(), dir);
      Instant written = clock.instant();
      lease.rethrowIfLost();
      doing("fetching WAL ahead of replay");
      walFetched.join();
      log.info(
          "base backup {} written into {} in {}; the WAL fetched {} later",
          plan.base().key(),
          dir,
          Durations.format(Duration.between(extracting, written)),
          Durations.format(Duration.between(written, clock.instant())));
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      if (!walFetched.isDone()) {
        wal.stop();
        walFetched.handle((done, failed) -> null).join();
      }
    }
    lease.rethrowIfLost();
    RecoveryConfig recovery = RecoveryConfig.apply(dir, work.resolve("wal"), at);
    int port = freePort();
    doing("replaying WAL to " + at.text() + " on a server at 127.0.0.1:" + port);
    cluster = LocalServer.of(pg, dir, port);
    PostgresEndpoint local = local(port, "template1", user);
    ClusterFacts.Promoted reached;
    Instant starting = clock.instant();
    try {
      cluster.start(PROMOTION);
      reached = awaitPromotion(local, lease);
      log.info(
          "the recovered server replayed to {} and promoted in {}",
          reached.replayedLsn(),
          Durations.format(Duration.between(starting, clock.instant())));
    } catch (IOException | DrdException e) {
      if (!at.isTime() || !endedBeforeTarget(cluster.logFile())) {
        throw e;
      }
      // every commit the archive holds is older than the point: its end is the point's state
      doing("no commit after " + at.text() + " in the archive: replaying it to its end");
      log.info("no commit after {} in the archive: its end holds the point's state", at.text());
      recovery.toEndOfArchive();
      cluster.start(PROMOTION);
      reached = awaitPromotion(local, lease);
    }
    return new Recovered(cluster, recovery, reached, user);
  }

  private static boolean endedBeforeTarget(Path log) {
    try {
      return Files.readString(log).contains("recovery ended before configured recovery target");
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the recovered server with a checkpoint, as {@code pg_ctl stop} does. */
  void shutDown() throws IOException {
    LocalServer running = cluster;
    if (running != null) {
      running.stop();
      cluster = null;
    }
  }

  /** Stops the server at once, if one runs: the recovery failed or its copy is not kept. */
  void abandon() {
    LocalServer running = cluster;
    if (running != null) {
      try {
        running.crash();
      } catch (IOException | RuntimeException e) {
        // the directory is removed next; a server that outlives it exits on its own
      }
      cluster = null;
    }
  }

  private ClusterFacts.Promoted awaitPromotion(PostgresEndpoint local, AttemptLease lease)
      throws IOException {
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
      ActivityPause.of(Duration.ofMillis(50));
    }
  }

  /**
   * Streams the base backup from the bucket through SHA-256 and zstd into the directory. A damaged
   * one is known only at its end: the directory then holds files no server ever starts on, and the
   * caller removes them.
   */
  private void extract(BaseBackupManifest base, Path dir) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream object = store.open(base.key());
        DigestInputStream digest = new DigestInputStream(object, sha256);
        InputStream zstd = new ZstdInputStream(digest);
        ReadAhead tar =
            new ReadAhead(zstd, () -> digest.transferTo(OutputStream.nullOutputStream()))) {
      try {
        TarExtract.into(tar, dir);
        tar.finish();
      } catch (IOException | RuntimeException unreadable) {
        // damage shows first as a zstd or tar error: the checksum names it for what it is
        tar.close();
        digest.transferTo(OutputStream.nullOutputStream());
        requireIntact(base, sha256);
        throw unreadable;
      }
    }
    requireIntact(base, sha256);
  }

  private static void requireIntact(BaseBackupManifest base, MessageDigest sha256) {
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(base.sha256())) {
      throw new DrdException(
          FailureType.CHECKSUM_MISMATCH,
          ("base backup %s is damaged: its SHA-256 is %s, its manifest says %s. Nothing was"
                  + " restored (no server started on it); choose a point after another base"
                  + " backup")
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
}
