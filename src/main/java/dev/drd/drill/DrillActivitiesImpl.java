package dev.drd.drill;

import dev.drd.backup.BackupLayout;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.postgres.Databases;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.storage.Documents;
import dev.drd.storage.ObjectStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class DrillActivitiesImpl implements DrillActivities {
  private static final Logger log = LoggerFactory.getLogger(DrillActivitiesImpl.class);

  private final DrdConfig config;
  private final Secrets secrets;
  private final ObjectStore store;
  private final BackupLayout layout;
  private final DrillMetrics metrics;
  private final Clock clock;

  public DrillActivitiesImpl(
      DrdConfig config, Secrets secrets, ObjectStore store, DrillMetrics metrics, Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.store = store;
    this.layout = new BackupLayout(config.storage().prefix());
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public boolean dropScratch(ScratchRequest request) {
    PostgresEndpoint server =
        PostgresEndpoint.of(config.requireTarget(request.server()), secrets)
            .withDatabase(Databases.MAINTENANCE_DATABASE);
    boolean existed = Databases.drop(server, request.database());
    log.info(
        "drill: scratch database {} on {} {}",
        request.database(),
        server.describe(),
        existed ? "dropped" : "was never created");
    return existed;
  }

  @Override
  public DrillReport writeReport(DrillOutcome outcome) {
    DrillReport report =
        DrillVerdict.judge(
            outcome,
            config.requireTarget(outcome.target()).objectives(),
            layout.drillReportKey(outcome.target(), outcome.stamp()),
            clock.instant());
    store.put(report.reportKey(), Documents.toJson(report), "application/json");
    try {
      new DrillReportRetention(store, layout)
          .apply(report, config.requireTarget(outcome.target()).drill().keepReports());
    } catch (RuntimeException e) {
      log.warn(
          "drill reports of {}: retention failed ({}); the next drill tries again",
          outcome.target(),
          e.getMessage());
    }
    metrics.record(report);
    log.info("drill of {}: {} (report {})", outcome.target(), report.summary(), report.reportKey());
    return report;
  }
}
