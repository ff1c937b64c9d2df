package dev.drd.watchdog;

import dev.drd.backup.BackupLayout;
import dev.drd.config.TargetConfig;
import dev.drd.storage.ObjectStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPO watchdog: per target, the age of the newest backup and of the newest verified (drilled)
 * backup, and the RPO objective, as gauges. The bucket is read in the background, so that a scrape
 * never waits for S3 (incrementally: see {@link IncrementalRecoveryPoints}); ages are computed at
 * scrape time.
 */
public final class RecoveryPointGauges implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecoveryPointGauges.class);

  private final IncrementalRecoveryPoints points;
  private final List<TargetConfig> targets;
  private final Clock clock;
  private final Map<String, RecoveryPoint> latest = new ConcurrentHashMap<>();
  private final List<Runnable> alsoRefreshed = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("drd rpo watchdog").factory());

  public RecoveryPointGauges(
      ObjectStore store,
      BackupLayout layout,
      List<TargetConfig> targets,
      MeterRegistry registry,
      Clock clock) {
    this.points = new IncrementalRecoveryPoints(store, layout, clock);
    this.targets = targets;
    this.clock = clock;
    for (TargetConfig target : targets) {
      String name = target.name();
      gauge(
          registry,
          "drd.backup.newest.age.seconds",
          "Age of the newest complete backup",
          name,
          p -> seconds(RecoveryPoint.age(p.newestBackup(), clock.instant())));
      gauge(
          registry,
          "drd.backup.verified.age.seconds",
          "Age of the newest backup a drill restored and verified",
          name,
          p -> seconds(RecoveryPoint.age(p.newestVerifiedBackup(), clock.instant())));
      gauge(
          registry,
          "drd.rpo.objective.seconds",
          "The target's RPO objective",
          name,
          p -> seconds(p.rpoObjective()));
      gauge(
          registry,
          "drd.rpo.stale",
          "1 when the newest verified backup is older than the RPO",
          name,
          p -> p.stale(clock.instant()) ? 1.0 : 0.0);
    }
  }

  /** Runs {@code refresh} with every reading of the bucket: other gauges that read it too. */
  public RecoveryPointGauges alsoRefreshing(Runnable refresh) {
    alsoRefreshed.add(refresh);
    return this;
  }

  /** Reads the bucket now and then every {@code period}. */
  public RecoveryPointGauges start(Duration period) {
    refresher.scheduleWithFixedDelay(this::refresh, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void refresh() {
    for (TargetConfig target : targets) {
      try {
        latest.put(target.name(), points.of(target));
      } catch (RuntimeException e) {
        log.warn("cannot read the recovery point of {}: {}", target.name(), e.getMessage());
      }
    }
    alsoRefreshed.forEach(Runnable::run);
  }

  public Map<String, RecoveryPoint> latest() {
    return Map.copyOf(latest);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }

  private void gauge(
      MeterRegistry registry,
      String metric,
      String description,
      String target,
      Function<RecoveryPoint, Double> value) {
    Gauge.builder(
            metric,
            latest,
            m -> {
              RecoveryPoint p = m.get(target);
              return p == null ? Double.NaN : value.apply(p);
            })
        .description(description)
        .tag("target", target)
        .register(registry);
  }

  private static double seconds(Duration d) {
    return d == null ? Double.NaN : d.toMillis() / 1e3;
  }
}
