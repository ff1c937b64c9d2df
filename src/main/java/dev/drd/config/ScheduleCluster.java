package dev.drd.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL database where several daemons keep one schedule (Quartz's tables, which drd
 * creates), so that each fire time fires on exactly one of them.
 *
 * @param checkinInterval how often a daemon tells the others it is alive; a daemon silent for
 *     longer is taken for dead and its schedule work is taken over
 */
public record ScheduleCluster(
    String host,
    Integer port,
    String database,
    String user,
    String passwordEnv,
    Path passwordFile,
    String sslMode,
    Duration checkinInterval)
    implements DatabaseConnection {

  public ScheduleCluster {
    port = port != null ? port : 5432;
    user = user != null ? user : "postgres";
    sslMode = sslMode != null ? sslMode : "prefer";
    checkinInterval = checkinInterval != null ? checkinInterval : Duration.ofMillis(7500);
  }

  @Override
  public String describe() {
    return "the schedule's database (schedule.cluster)";
  }
}
