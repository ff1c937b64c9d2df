package dev.drd.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config: {@code 30s}, {@code 5m}, {@code 1h30m}, ISO-8601. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");

  private Durations() {}

  public static Duration parse(String text) {
    String value = text.trim();
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (value.toUpperCase().startsWith("P")) {
      try {
        return Duration.parse(value.toUpperCase());
      } catch (DateTimeParseException e) {
        throw notADuration(text);
      }
    }
    if (!WHOLE.matcher(value).matches()) {
      throw notADuration(text);
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
    }
    return total;
  }

  /** {@code PT1M30S} → {@code 1m30s}; under a minute with tenths ({@code 3.6s}). */
  public static String format(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    if (d.toSeconds() < 60 && d.toMillis() % 1000 >= 50) {
      return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
    long s = d.toSeconds();
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0 || out.isEmpty()) {
      out.append(s % 60).append('s');
    }
    return out.toString();
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "'%s' is not a duration; write it like 30s, 5m, 1h30m or PT5M".formatted(text));
  }
}
