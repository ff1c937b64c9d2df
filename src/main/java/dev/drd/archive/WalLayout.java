package dev.drd.archive;

import dev.drd.postgres.TimelineHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a server's archive lives in the bucket: {@code <prefix>/<target>/wal/<timeline>/} holds its
 * segments ({@code <segment>.zst}) and the one being written ({@code <segment>.partial.zst}),
 * {@code <prefix>/<target>/wal/status.json} what the archiver last did; {@code
 * <prefix>/<target>/base/} the base backups, a tar and its manifest each.
 */
final class WalLayout {
  private static final Pattern SEGMENT = Pattern.compile(".*/([0-9A-F]{24})(\\.partial)?\\.zst");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private final String prefix;

  WalLayout(String prefix) {
    this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix.replaceAll("/+$", "") + "/";
  }

  String wal(String target) {
    return prefix + target + "/wal/";
  }

  String timeline(String target, int timeline) {
    return wal(target) + "%08X/".formatted(timeline);
  }

  String segment(String target, String segmentName) {
    return timeline(target, Integer.parseInt(segmentName.substring(0, 8), 16))
        + segmentName
        + ".zst";
  }

  String partial(String target, String segmentName) {
    return timeline(target, Integer.parseInt(segmentName.substring(0, 8), 16))
        + segmentName
        + ".partial.zst";
  }

  /** A timeline's history file, beside the timelines' folders: {@code wal/00000002.history}. */
  String history(String target, int timeline) {
    return wal(target) + TimelineHistory.fileName(timeline);
  }

  String base(String target) {
    return prefix + target + "/base/";
  }

  /** A base backup's tar: {@code base/<stamp>-<run>.tar.zst}. */
  String baseBackup(String target, Instant timestamp, String runTag) {
    return base(target) + STAMP.format(timestamp) + "-" + runTag + ".tar.zst";
  }

  static String manifestOf(String baseBackupKey) {
    return baseBackupKey.replaceFirst("\\.tar\\.zst$", ".manifest.json");
  }

  String status(String target) {
    return wal(target) + "status.json";
  }

  /** The segment name of a whole segment's key; empty for a partial one or another object. */
  static Optional<String> wholeSegment(String key) {
    Matcher m = SEGMENT.matcher(key);
    return m.matches() && m.group(2) == null ? Optional.of(m.group(1)) : Optional.empty();
  }
}
