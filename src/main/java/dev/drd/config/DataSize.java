package dev.drd.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number of bytes, written in config as {@code 8MiB}, {@code 10MB} or a plain number. */
public record DataSize(long bytes) {
  private static final Pattern FORMAT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?", Pattern.CASE_INSENSITIVE);

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative");
    }
  }

  public static DataSize ofMebibytes(long mebibytes) {
    return new DataSize(mebibytes << 20);
  }

  public static DataSize parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'%s' is not a size; write it like 8MiB, 500MB or 1048576".formatted(text));
    }
    double number = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "b" -> 1L;
          case "kb" -> 1_000L;
          case "mb" -> 1_000_000L;
          case "gb" -> 1_000_000_000L;
          case "tb" -> 1_000_000_000_000L;
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          default -> 1L << 40;
        };
    return new DataSize(Math.round(number * factor));
  }

  /** {@code 1536} → {@code 1.5 KiB}: for people, not for parsing. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  @Override
  public String toString() {
    return format(bytes);
  }
}
