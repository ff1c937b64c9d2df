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
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final Pattern KEY =
      Pattern.compile(
          ".*/(\\d{8}T\\d{6}Z)("
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

  public BackupKeys keys(String target, Instant at) {
    String base = targetPrefix(target) + DAY.format(at) + "/" + STAMP.format(at);
    return new BackupKeys(base + DUMP_SUFFIX, base + MANIFEST_SUFFIX);
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
      return Optional.of(Instant.from(STAMP.parse(m.group(1))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static boolean isDump(String key) {
    return key.endsWith(DUMP_SUFFIX);
  }

  static boolean isManifest(String key) {
    return key.endsWith(MANIFEST_SUFFIX);
  }
}
