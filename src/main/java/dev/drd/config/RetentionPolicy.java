package dev.drd.config;

/** Keep the newest backup of each of the last N days, weeks and months. */
public record RetentionPolicy(Integer daily, Integer weekly, Integer monthly) {
  public RetentionPolicy {
    daily = daily != null ? daily : 7;
    weekly = weekly != null ? weekly : 4;
    monthly = monthly != null ? monthly : 6;
  }
}
