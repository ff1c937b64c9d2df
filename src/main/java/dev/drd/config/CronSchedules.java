package dev.drd.config;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * Turns the cron expressions people write (five Unix fields, or @daily and friends) into Quartz
 * expressions, which have a seconds field, count weekdays from 1 = Sunday, and need a {@code ?} in
 * one of the two day fields.
 */
public final class CronSchedules {
  private static final Map<String, String> MACROS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private CronSchedules() {}

  /**
   * @throws IllegalArgumentException with a message that says what is wrong with the expression
   */
  public static String toQuartz(String expression) {
    String trimmed = expression.trim();
    String unix = MACROS.getOrDefault(trimmed.toLowerCase(), trimmed);
    String[] fields = unix.split("\\s+");
    String quartz =
        switch (fields.length) {
          case 5 -> fromUnix(fields);
          case 6, 7 -> unix;
          default ->
              throw new IllegalArgumentException(
                  ("'%s' is not a cron expression: expected 5 fields (minute hour day-of-month"
                          + " month day-of-week), @daily/@hourly/..., or a Quartz expression with"
                          + " 6 or 7 fields")
                      .formatted(expression));
        };
    CronExpression cron;
    try {
      cron = new CronExpression(quartz);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "'%s' is not a valid cron expression: %s".formatted(expression, e.getMessage()));
    }
    if (cron.getNextValidTimeAfter(new java.util.Date()) == null) {
      throw new IllegalArgumentException(
          ("'%s' never fires (no such date, e.g. February 31st): nothing would ever be backed up;"
                  + " pick a day that exists")
              .formatted(expression));
    }
    return quartz;
  }

  private static String fromUnix(String[] f) {
    String dayOfMonth = f[2];
    String dayOfWeek = f[4];
    if (dayOfWeek.equals("*")) {
      dayOfWeek = "?";
    } else if (dayOfMonth.equals("*")) {
      dayOfMonth = "?";
      dayOfWeek = unixWeekdaysToQuartz(dayOfWeek);
    } else {
      throw new IllegalArgumentException(
          ("'%s' sets both day-of-month and day-of-week; drd's scheduler cannot combine them,"
                  + " keep one and write * in the other")
              .formatted(String.join(" ", f)));
    }
    return String.join(" ", "0", f[0], f[1], dayOfMonth, f[3], dayOfWeek);
  }

  /** Unix counts 0 (or 7) = Sunday .. 6 = Saturday; Quartz 1 = Sunday .. 7 = Saturday. */
  private static String unixWeekdaysToQuartz(String field) {
    List<String> items = new ArrayList<>();
    for (String item : field.split(",")) {
      String[] rangeAndStep = item.split("/", 2);
      String range =
          String.join(
              "-", Arrays.stream(rangeAndStep[0].split("-")).map(CronSchedules::weekday).toList());
      items.add(rangeAndStep.length == 2 ? range + "/" + rangeAndStep[1] : range);
    }
    return String.join(",", items);
  }

  private static String weekday(String token) {
    if (!token.matches("\\d+")) {
      return token;
    }
    int day = Integer.parseInt(token);
    if (day > 7) {
      throw new IllegalArgumentException("day-of-week " + day + " is out of range 0-7");
    }
    return Integer.toString(day % 7 + 1);
  }
}
