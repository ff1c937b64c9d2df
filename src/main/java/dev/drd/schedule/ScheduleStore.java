package dev.drd.schedule;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.drd.config.ScheduleCluster;
import dev.drd.config.Secrets;
import dev.drd.failure.DrdException;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.quartz.utils.ConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database that daemons share their schedule in, as Quartz's connection provider: a
 * small pool, and Quartz's tables, created on the first start.
 */
public final class ScheduleStore implements ConnectionProvider, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduleStore.class);
  private static final String APPLICATION = "drd schedule";
  private final HikariDataSource pool;
  private final Duration checkinInterval;

  private ScheduleStore(HikariDataSource pool, Duration checkinInterval) {
    this.pool = pool;
    this.checkinInterval = checkinInterval;
  }

  /**
   * Connects, and creates Quartz's tables if they are missing.
   *
   * @param connections how many connections the scheduler may hold at once
   * @throws ScheduleStoreUnavailableException when the database cannot be reached or used
   */
  public static ScheduleStore open(ScheduleCluster config, Secrets secrets, int connections) {
    PostgresEndpoint endpoint = PostgresEndpoint.of("schedule.cluster", config, secrets);
    try (Connection connection = Postgres.connect(endpoint, APPLICATION)) {
      if (QuartzTables.createIfMissing(connection)) {
        log.info("created the schedule's tables (qrtz_*) in {}", endpoint.describe());
      }
    } catch (DrdException e) {
      throw unavailable(e.getMessage(), e);
    } catch (SQLException e) {
      throw unavailable(Postgres.classify(e, endpoint).getMessage(), e);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("drd-schedule");
    hikari.setJdbcUrl(endpoint.jdbcUrl());
    hikari.setDataSourceProperties(endpoint.jdbcProperties(APPLICATION));
    hikari.setMaximumPoolSize(connections);
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    try {
      return new ScheduleStore(new HikariDataSource(hikari), config.checkinInterval());
    } catch (RuntimeException e) {
      throw unavailable(String.valueOf(e.getMessage()), e);
    }
  }

  private static ScheduleStoreUnavailableException unavailable(String reason, Exception cause) {
    return new ScheduleStoreUnavailableException(
        "the schedule's database (schedule.cluster) cannot be used: " + reason, cause);
  }

  /** How often a daemon tells the others it is alive. */
  Duration checkinInterval() {
    return checkinInterval;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void initialize() {}

  /** Quartz calls this when its scheduler shuts down. */
  @Override
  public void shutdown() {
    pool.close();
  }

  @Override
  public void close() {
    pool.close();
  }
}
