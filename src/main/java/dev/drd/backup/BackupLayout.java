package dev.drd.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where backups live in the bucket: {@code PREFIX/<target>/<yyyy>/<mm>/<dd>/<stamp>.dump.zst} and
 * its manifest {@code <stamp>.manifest.json} beside it; drill reports under {@code
 * PREFIX/<target>/drills/}.
 */
public record BackupLayout(String prefix) {
  static final String DUMP_SUFFIX = ".dump.zst";
  static final String MANIFEST_SUFFIX = ".manifest.json";
  static final String TABLES_SUFFIX = ".tables.json";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final Pattern KEY =
      Pattern.compile(
          ".*/((\\d{8}T\\d{6}Z)(?:-[0-9a-f]{8})?)("
              + Pattern.quote(DUMP_SUFFIX)
              + "|"
              + Pattern.quote(MANIFEST_SUFFIX)
              + ")");

  public BackupLayout {
    prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
  }

  public String targetPrefix(String target) {
    return (prefix.isEmpty() ? "" : prefix + "/") + target + "/";
  }

  /** The keys of a backup taken before keys named their run; tests and old buckets. */
  public BackupKeys keys(String target, Instant at) {
    return keysNamed(target, at, STAMP.format(at));
  }

  /**
   * The keys of the backup that workflow run {@code runTag} takes at {@code at}: {@code
   * <stamp>-<runTag>}, unique per run, so that two backups started in the same second never share
   * an object.
   */
  public BackupKeys keys(String target, Instant at, String runTag) {
    return keysNamed(target, at, STAMP.format(at) + "-" + runTag);
  }

  private BackupKeys keysNamed(String target, Instant at, String name) {
    String base = targetPrefix(target) + DAY.format(at) + "/" + name;
    return new BackupKeys(base + DUMP_SUFFIX, base + MANIFEST_SUFFIX);
  }

  /** The keys of the backup of this target that a dump or manifest key belongs to. */
  public Optional<BackupKeys> keysOf(String target, String key) {
    Matcher m = KEY.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    return timestampOf(key).map(at -> keysNamed(target, at, m.group(1)));
  }

  /** {@code <stamp>} or {@code <stamp>-<runTag>}: what a backup is called on the command line. */
  public static Optional<String> nameOf(String key) {
    Matcher m = KEY.matcher(key);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  public String drillsPrefix(String target) {
    return targetPrefix(target) + "drills/";
  }

  /** Where the report of the drill started at {@code at} is written. */
  public String drillReportKey(String target, Instant at) {
    return drillsPrefix(target) + STAMP.format(at) + ".json";
  }

  /** The stamp a backup key is known by in messages and on the command line. */
  public static String stamp(Instant at) {
    return STAMP.format(at);
  }

  /** The backup time a dump or manifest key encodes; empty for other keys. */
  public Optional<Instant> timestampOf(String key) {
    Matcher m = KEY.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.from(STAMP.parse(m.group(2))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Where a dump's row counts wait for its manifest: beside the dump, under a name the catalog does
   * not read as a backup.
   */
  static String tablesKeyOf(String dumpKey) {
    return dumpKey.substring(0, dumpKey.length() - DUMP_SUFFIX.length()) + TABLES_SUFFIX;
  }

  static boolean isDump(String key) {
    return key.endsWith(DUMP_SUFFIX);
  }

  static boolean isManifest(String key) {
    return key.endsWith(MANIFEST_SUFFIX);
  }
}
