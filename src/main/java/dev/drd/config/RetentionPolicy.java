package dev.drd.config;

/**
 * Keep the {@code keepLast} newest complete backups whatever their age, and the newest backup of
 * each of the last N days, weeks and months. {@code keepLast} guards the morning's good backup
 * against a later one taken after damage on the same day.
 */
public record RetentionPolicy(Integer daily, Integer weekly, Integer monthly, Integer keepLast) {
  public static final int DEFAULT_KEEP_LAST = 3;

  public RetentionPolicy {
    daily = daily != null ? daily : 7;
    weekly = weekly != null ? weekly : 4;
    monthly = monthly != null ? monthly : 6;
    keepLast = keepLast != null ? keepLast : DEFAULT_KEEP_LAST;
  }

  public RetentionPolicy(Integer daily, Integer weekly, Integer monthly) {
    this(daily, weekly, monthly, null);
  }
}
