package dev.drd.backup;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectInfo;
import dev.drd.storage.ObjectStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads which backups of a target the bucket holds. */
public final class BackupCatalog {
  /** How far a backup's time may lie ahead of this daemon's clock and still be believed. */
  public static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

  private final ObjectStore store;
  private final BackupLayout layout;

  public BackupCatalog(ObjectStore store, BackupLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /**
   * Everything that looks like a backup of the target, complete or not, newest first (by time, then
   * by name: two backups of one second are two entries).
   */
  public List<CatalogEntry> entries(String target) {
    return entriesOf(target, store.list(layout.targetPrefix(target)));
  }

  /** The backups among these listed objects of the target, as {@link #entries} gives them. */
  public List<CatalogEntry> entriesOf(String target, List<ObjectInfo> objects) {
    Map<BackupKeys, ObjectInfo[]> byBackup = new HashMap<>();
    Map<BackupKeys, Instant> times = new HashMap<>();
    for (ObjectInfo object : objects) {
      layout
          .keysOf(target, object.key())
          .ifPresent(keys -> {
            ObjectInfo[] pair = byBackup.computeIfAbsent(keys, k -> new ObjectInfo[2]);
            pair[BackupLayout.isDump(object.key()) ? 0 : 1] = object;
            times.put(keys, layout.timestampOf(object.key()).orElseThrow());
          });
    }
    return byBackup.entrySet().stream()
        .map(e ->
            new CatalogEntry(times.get(e.getKey()), e.getKey(), e.getValue()[0], e.getValue()[1]))
        .sorted(
            Comparator.comparing(CatalogEntry::timestamp)
                .thenComparing(e -> e.keys().dump())
                .reversed())
        .toList();
  }

  /**
   * Every complete backup of the target with its manifest checked, newest first: readable, about
   * this dump (key, size, target), and not stamped later than {@code now} plus {@link #CLOCK_SKEW}.
   */
  public List<CheckedBackup> checked(String target, Instant now) {
    return entries(target).stream()
        .filter(CatalogEntry::complete)
        .map(e -> check(target, e, now))
        .toList();
  }

  /** The newest usable backup of the target. */
  public Optional<CheckedBackup> newest(String target, Instant now) {
    return newestOf(target, entries(target), now);
  }

  /** The newest usable backup among these entries; reads manifests only until it finds one. */
  public Optional<CheckedBackup> newestOf(String target, List<CatalogEntry> entries, Instant now) {
    return entries.stream()
        .filter(CatalogEntry::complete)
        .map(e -> check(target, e, now))
        .filter(CheckedBackup::usable)
        .findFirst();
  }

  /** One complete entry, checked as {@link #checked} does. */
  public CheckedBackup check(String target, CatalogEntry entry, Instant now) {
    BackupManifest m;
    try {
      m = manifest(entry);
    } catch (DrdException e) {
      if (e.type() != FailureType.DOCUMENT_UNREADABLE) {
        throw e;
      }
      return new CheckedBackup(
          entry,
          null,
          "DAMAGED: its manifest %s cannot be read (%s)"
              .formatted(entry.keys().manifest(), firstLine(e.getMessage())));
    }
    String damage = inconsistency(target, entry, m);
    if (damage != null) {
      return new CheckedBackup(entry, m, "DAMAGED: " + damage);
    }
    if (entry.timestamp().isAfter(now.plus(CLOCK_SKEW))) {
      return new CheckedBackup(
          entry,
          m,
          ("SUSPICIOUS: stamped %s, later than now (%s): a daemon's clock was wrong or the object"
                  + " was copied; never taken as the latest")
              .formatted(
                  entry.timestamp(), now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }
    return new CheckedBackup(entry, m, null);
  }

  private static String inconsistency(String target, CatalogEntry entry, BackupManifest m) {
    if (m.sha256() == null || !m.sha256().matches("[0-9a-f]{64}")) {
      return "its manifest has no SHA-256 to check the dump against";
    }
    if (m.key() != null && !m.key().equals(entry.keys().dump())) {
      return "its manifest describes another object (%s)".formatted(m.key());
    }
    if (m.target() != null && !m.target().equals(target)) {
      return "its manifest belongs to target %s".formatted(m.target());
    }
    if (m.bytes() != entry.dump().size()) {
      return "the dump holds %d bytes, its manifest says %d"
          .formatted(entry.dump().size(), m.bytes());
    }
    if (m.startedAt() == null || m.tables() == null) {
      return "its manifest lacks its start time or its tables";
    }
    return null;
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  public BackupManifest manifest(CatalogEntry entry) {
    return manifest(entry.keys().manifest());
  }

  public BackupManifest manifest(String manifestKey) {
    return Documents.read(store, manifestKey, BackupManifest.class);
  }
}
