package dev.drd.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
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

  WalFetch(ObjectStore store, WalLayout layout) {
    this.store = store;
    this.layout = layout;
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
   * spool}, each a whole segment (a partial one padded), its SHA-256 checked.
   */
  void fetch(String target, long segmentSize, String first, String last, Path spool, int jobs)
      throws IOException {
    WalSegments segments = new WalSegments(segmentSize);
    int timeline = Integer.parseInt(first.substring(0, 8), 16);
    String prefix = layout.timeline(target, timeline);
    Map<String, String> whole = new TreeMap<>();
    Map<String, String> partial = new TreeMap<>();
    for (ObjectInfo o : store.listAfter(prefix, prefix + first)) {
      String name = o.key().substring(prefix.length()).replaceFirst("(\\.partial)?\\.zst$", "");
      if (name.compareTo(last) <= 0) {
        (o.key().endsWith(".partial.zst") ? partial : whole).put(name, o.key());
      }
    }
    List<String[]> work = new ArrayList<>();
    for (long at = segments.startOf(first); at <= segments.startOf(last); at += segments.size()) {
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
    Files.createDirectories(spool);
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

  private void one(String key, Path file, long segmentSize) {
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
