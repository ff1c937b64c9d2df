package dev.drd.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.TimelineHistory;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches the WAL a recovery replays into a spool directory ahead of it, several segments at a
 * time: each object's SHA-256 is checked against its metadata before it is used, and a partial
 * segment (the archive's last) is padded to a whole one, as PostgreSQL reads it.
 */
final class WalFetch {
  private final ObjectStore store;
  private final WalLayout layout;
  private final AtomicInteger fetched = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean stopped;

  WalFetch(ObjectStore store, WalLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /** The fetch under way stops before its next segment: its recovery failed. */
  void stop() {
    stopped = true;
  }

  int fetched() {
    return fetched.get();
  }

  long bytes() {
    return bytes.get();
  }

  /** Fetches every segment from {@code first} to {@code last} of the plan into {@code spool}. */
  void fetch(PitrPlan plan, Path spool, int jobs) throws IOException {
    fetch(
        plan.request().target(),
        plan.segmentSize(),
        plan.firstSegment(),
        plan.lastSegment(),
        spool,
        jobs);
  }

  /**
   * Fetches every segment of a target's archive from {@code first} to {@code last} into {@code
   * spool}, each a whole segment (a partial one padded), its SHA-256 checked. When {@code last} is
   * on a later timeline than {@code first}, each stretch comes from the timeline that holds it in
   * the later timeline's history, and the history files come along, as the recovery reads them.
   */
  void fetch(String target, long segmentSize, String first, String last, Path spool, int jobs)
      throws IOException {
    WalSegments segments = new WalSegments(segmentSize);
    int timeline = Integer.parseInt(last.substring(0, 8), 16);
    Files.createDirectories(spool);
    List<String[]> work = new ArrayList<>();
    if (timeline == 1) {
      work.addAll(stretch(target, segments, 1, segments.startOf(first), segments.startOf(last)));
    } else {
      TimelineHistory history = histories(target, timeline, spool);
      for (TimelineHistory.Span span : history.spans()) {
        long from = Math.max(segments.start(span.begin()), segments.startOf(first));
        long to =
            span.end() < 0
                ? segments.startOf(last)
                : Math.min(segments.start(span.end()) - segments.size(), segments.startOf(last));
        work.addAll(stretch(target, segments, span.timeline(), from, to));
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, jobs), Thread.ofPlatform().daemon().factory());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String[] segment : work) {
        done.add(
            pool.submit(() -> {
              one(segment[1], spool.resolve(segment[0]), segmentSize);
              return null;
            }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DrdException d) {
        throw d;
      }
      throw new IOException("fetching WAL failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching WAL", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The keys of the segments of one timeline from {@code from} to {@code to}, all present. */
  private List<String[]> stretch(
      String target, WalSegments segments, int timeline, long from, long to) {
    List<String[]> work = new ArrayList<>();
    if (from > to) {
      return work;
    }
    String prefix = layout.timeline(target, timeline);
    String first = segments.name(timeline, from);
    String last = segments.name(timeline, to);
    Map<String, String> whole = new TreeMap<>();
    Map<String, String> partial = new TreeMap<>();
    for (ObjectInfo o : store.listAfter(prefix, prefix + first)) {
      String name = o.key().substring(prefix.length()).replaceFirst("(\\.partial)?\\.zst$", "");
      if (name.compareTo(last) <= 0) {
        (o.key().endsWith(".partial.zst") ? partial : whole).put(name, o.key());
      }
    }
    for (long at = from; at <= to; at += segments.size()) {
      String name = segments.name(timeline, at);
      String key = whole.getOrDefault(name, partial.get(name));
      if (key == null) {
        throw new DrdException(
            FailureType.PITR_FAILED,
            "WAL segment %s is missing from the archive (%s): the recovery cannot pass it"
                .formatted(name, prefix));
      }
      work.add(new String[] {name, key});
    }
    return work;
  }

  /**
   * Writes the history files of {@code timeline} and its ancestors into the spool, each checked,
   * and returns the newest.
   */
  private TimelineHistory histories(String target, int timeline, Path spool) throws IOException {
    String key = layout.history(target, timeline);
    byte[] newest = checkedHistory(key);
    TimelineHistory history = TimelineHistory.parse(timeline, newest);
    for (TimelineHistory.Span span : history.spans()) {
      String ancestor = layout.history(target, span.timeline());
      if (span.timeline() == timeline) {
        Files.write(spool.resolve(TimelineHistory.fileName(timeline)), newest);
      } else if (span.timeline() > 1 && store.stat(ancestor).isPresent()) {
        Files.write(
            spool.resolve(TimelineHistory.fileName(span.timeline())), checkedHistory(ancestor));
      }
    }
    return history;
  }

  private byte[] checkedHistory(String key) throws IOException {
    if (store.stat(key).isEmpty()) {
      throw new DrdException(
          FailureType.PITR_FAILED,
          ("timeline history %s is missing from the archive: a recovery cannot follow the"
                  + " timeline without it")
              .formatted(key));
    }
    byte[] content;
    try (InputStream in = store.open(key)) {
      content = in.readAllBytes();
    }
    String expected = store.metadata(key).map(m -> m.get("sha256")).orElse(null);
    String actual = HexFormat.of().formatHex(sha256().digest(content));
    if (!actual.equals(expected)) {
      throw new DrdException(
          FailureType.CHECKSUM_MISMATCH,
          "timeline history %s is damaged: its SHA-256 is %s, the archive recorded %s"
              .formatted(key, actual, expected));
    }
    return content;
  }

  private void one(String key, Path file, long segmentSize) {
    if (stopped) {
      throw new CancellationException("the recovery stopped before " + key + " was fetched");
    }
    String expected =
        store
            .metadata(key)
            .map(m -> m.get("sha256"))
            .orElseThrow(() ->
                new DrdException(
                    FailureType.STORAGE_OBJECT_MISSING, key + " vanished from the archive"));
    MessageDigest sha256 = sha256();
    long written;
    try (InputStream object = store.open(key);
        DigestInputStream digest = new DigestInputStream(object, sha256);
        InputStream wal = new ZstdInputStream(digest);
        OutputStream out = Files.newOutputStream(file)) {
      written = wal.transferTo(out);
      digest.transferTo(OutputStream.nullOutputStream());
      if (written < segmentSize) {
        out.write(new byte[(int) (segmentSize - written)]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch " + key + ": " + e.getMessage(), e);
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(expected)) {
      throw new DrdException(
          FailureType.CHECKSUM_MISMATCH,
          ("WAL object %s is damaged: its SHA-256 is %s, the archive recorded %s; a recovery"
                  + " cannot pass it")
              .formatted(key, actual, expected));
    }
    fetched.incrementAndGet();
    bytes.addAndGet(written);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
