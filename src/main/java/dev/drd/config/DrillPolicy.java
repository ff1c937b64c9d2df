package dev.drd.config;

/**
 * When and where a target's restore drill runs.
 *
 * @param schedule cron, as for backups; none means drills by hand only
 * @param server the configured target whose server receives the scratch database (a staging
 *     server); none means the target's own server
 * @param keepReports how many of the newest drill reports stay in the bucket (default 30); the
 *     newest passed one stays whatever its age
 * @param at what scheduled drills restore: none, the newest dump; {@code latest} or {@code random},
 *     a point of the WAL archive (an archived target only), recovered in a temporary cluster
 */
public record DrillPolicy(
    String schedule, String timezone, String server, Integer keepReports, String at) {
  public static final int DEFAULT_KEEP_REPORTS = 30;

  public DrillPolicy {
    timezone = timezone != null ? timezone : "UTC";
    keepReports = keepReports != null ? keepReports : DEFAULT_KEEP_REPORTS;
  }

  public DrillPolicy(String schedule, String timezone, String server, Integer keepReports) {
    this(schedule, timezone, server, keepReports, null);
  }
}
