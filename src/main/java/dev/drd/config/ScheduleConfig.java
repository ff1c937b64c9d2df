package dev.drd.config;

/**
 * @param cluster the database that daemons share their schedule in; without it each daemon keeps
 *     the schedule in memory, and only one daemon may run
 */
public record ScheduleConfig(ScheduleCluster cluster) {}
