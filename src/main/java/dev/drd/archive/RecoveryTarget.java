package dev.drd.archive;

import dev.drd.postgres.Lsn;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Where a point-in-time restore stops: {@code latest} (the end of the archive), an LSN ({@code
 * 0/5B44000}) or a time, ISO-8601 ({@code 2026-12-02T16:40:12.345Z}) or as psql prints a
 * timestamptz ({@code 2026-12-02 16:40:12.345678+00}).
 *
 * @param text what the user wrote, normalized: {@code latest}, an LSN, or an ISO-8601 instant
 */
public record RecoveryTarget(String text) {
  public static final String LATEST = "latest";
  private static final DateTimeFormatter PSQL =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendPattern("X")
          .toFormatter();

  /**
   * @throws IllegalArgumentException naming the three forms, when it is none of them
   */
  public static RecoveryTarget parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase(LATEST)) {
      return new RecoveryTarget(LATEST);
    }
    if (t.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
      return new RecoveryTarget(Lsn.format(Lsn.parse(t.toUpperCase())));
    }
    try {
      return new RecoveryTarget(Instant.parse(t).toString());
    } catch (DateTimeParseException notIso) {
      try {
        return new RecoveryTarget(OffsetDateTime.parse(t, PSQL).toInstant().toString());
      } catch (DateTimeParseException notPsql) {
        throw new IllegalArgumentException(
            ("'%s' is not a point in time: give latest, an LSN (0/5B44000) or a time, ISO-8601"
                    + " (2026-12-02T16:40:12.345Z) or as psql prints it (2026-12-02"
                    + " 16:40:12.345678+00)")
                .formatted(text));
      }
    }
  }

  public boolean latest() {
    return LATEST.equals(text);
  }

  public boolean isLsn() {
    return text.contains("/");
  }

  public long lsn() {
    return Lsn.parse(text);
  }

  public boolean isTime() {
    return !latest() && !isLsn();
  }

  public Instant time() {
    return Instant.parse(text);
  }
}
