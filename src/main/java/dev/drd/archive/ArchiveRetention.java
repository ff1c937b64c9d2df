package dev.drd.archive;

import dev.drd.postgres.Lsn;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps exactly what a target's recovery window needs: every point from {@code now - window} to the
 * end of the archive must stay restorable. That takes the newest complete base backup that finished
 * before the window opens (the base for its first points), every one since, and every WAL segment
 * from the oldest kept one's start; everything older goes. Timeline history files and the status
 * stay. A tar without a manifest goes only when it is older than the oldest kept base backup and
 * was written before the window opened: a base backup that never completed. A younger one may be
 * waiting for its WAL, and stays.
 */
final class ArchiveRetention {
  private static final Pattern WAL_OBJECT =
      Pattern.compile(".*/([0-9A-F]{8})([0-9A-F]{16})(\\.partial)?\\.zst");

  private final ObjectStore store;
  private final String prefix;
  private final WalLayout layout;

  ArchiveRetention(ObjectStore store, String prefix) {
    this.store = store;
    this.prefix = prefix;
    this.layout = new WalLayout(prefix);
  }

  ArchivePruned apply(String target, Duration window, long segmentSize, Instant now) {
    Instant opens = now.minus(window);
    List<BaseBackupManifest> bases = BaseBackups.complete(store, prefix, target);
    if (bases.isEmpty()) {
      return new ArchivePruned(0, 0, 0, null, opens);
    }
    int first = 0;
    for (int i = 0; i < bases.size(); i++) {
      if (!bases.get(i).finishedAt().isAfter(opens)) {
        first = i;
      }
    }
    BaseBackupManifest oldestKept = bases.get(first);
    Set<String> kept =
        bases.subList(first, bases.size()).stream()
            .map(BaseBackupManifest::key)
            .collect(Collectors.toSet());
    Set<String> complete = bases.stream().map(BaseBackupManifest::key).collect(Collectors.toSet());
    long removedBytes = 0;
    int removedBases = 0;
    for (ObjectInfo o : store.list(layout.base(target))) {
      String tar = o.key().replaceFirst("\\.manifest\\.json$", ".tar.zst");
      // a tar whose manifest is not written yet may be a base backup waiting for its WAL
      boolean remove =
          complete.contains(tar)
              ? !kept.contains(tar)
              : o.key().compareTo(oldestKept.key()) < 0 && o.lastModified().isBefore(opens);
      if (!remove) {
        continue;
      }
      store.delete(o.key());
      removedBytes += o.size();
      if (o.key().endsWith(".tar.zst")) {
        removedBases++;
      }
    }
    WalSegments segments = new WalSegments(segmentSize);
    long needed = segments.start(Lsn.parse(oldestKept.startLsn()));
    int removedSegments = 0;
    for (ObjectInfo o : store.list(layout.wal(target))) {
      Matcher m = WAL_OBJECT.matcher(o.key());
      if (m.matches() && segments.startOf("00000000" + m.group(2)) < needed) {
        store.delete(o.key());
        removedBytes += o.size();
        removedSegments++;
      }
    }
    return new ArchivePruned(removedBases, removedSegments, removedBytes, oldestKept.key(), opens);
  }
}
