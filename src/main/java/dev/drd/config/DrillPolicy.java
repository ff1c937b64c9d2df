package dev.drd.config;

/**
 * When and where a target's restore drill runs.
 *
 * @param schedule cron, as for backups; none means drills by hand only
 * @param server the configured target whose server receives the scratch database (a staging
 *     server); none means the target's own server
 */
public record DrillPolicy(String schedule, String timezone, String server) {
  public DrillPolicy {
    timezone = timezone != null ? timezone : "UTC";
  }
}
