package dev.drd.archive;

import dev.drd.config.TargetConfig;
import dev.drd.storage.ObjectStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPO watchdog's view of each archived target, read from the bucket by every daemon, so that it
 * still speaks when the archiver's own daemon is gone: how old the oldest WAL the archive may lack
 * is (the data a disaster now would lose), and how far back the recovery window reaches against the
 * one configured.
 */
public final class ArchiveGauges {
  private static final Logger log = LoggerFactory.getLogger(ArchiveGauges.class);

  /** What the bucket said at the last refresh. */
  record Seen(Instant heldAllOf, Instant windowFrom) {}

  private final ObjectStore store;
  private final String prefix;
  private final List<TargetConfig> targets;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  public ArchiveGauges(
      ObjectStore store,
      String prefix,
      List<TargetConfig> targets,
      MeterRegistry registry,
      Clock clock) {
    this.store = store;
    this.prefix = prefix;
    this.targets = targets.stream().filter(TargetConfig::archived).toList();
    for (TargetConfig t : this.targets) {
      gauge(
          registry,
          "drd.archive.unarchived.age.seconds",
          "How long the oldest WAL the archive may lack has waited, as the bucket says: the data"
              + " a disaster now would lose (grows when the archiver stops)",
          t.name(),
          s -> seconds(s.heldAllOf(), clock));
      gauge(
          registry,
          "drd.archive.window.seconds",
          "How far back a point-in-time restore reaches: the oldest complete base backup's end",
          t.name(),
          s -> seconds(s.windowFrom(), clock));
      Gauge.builder(
              "drd.archive.window.objective.seconds",
              t,
              target -> target.archive().recoveryWindow().toMillis() / 1e3)
          .description("The recovery window the target's archive is to keep")
          .tag("target", t.name())
          .register(registry);
    }
  }

  /** Reads every archived target's status and base backups from the bucket. */
  public void refresh() {
    for (TargetConfig t : targets) {
      try {
        Instant held =
            ArchiveStatus.read(store, prefix, t.name())
                .map(ArchiveStatus::completeUntil)
                .orElse(null);
        List<BaseBackupManifest> bases = BaseBackups.complete(store, prefix, t.name());
        seen.put(t.name(), new Seen(held, bases.isEmpty() ? null : bases.get(0).finishedAt()));
      } catch (RuntimeException e) {
        log.warn("cannot read the archive of {}: {}", t.name(), e.getMessage());
      }
    }
  }

  private void gauge(
      MeterRegistry registry,
      String metric,
      String description,
      String target,
      ToDoubleFunction<Seen> value) {
    Gauge.builder(
            metric,
            seen,
            m -> {
              Seen s = m.get(target);
              return s == null ? Double.NaN : value.applyAsDouble(s);
            })
        .description(description)
        .tag("target", target)
        .register(registry);
  }

  private static double seconds(Instant since, Clock clock) {
    return since == null
        ? Double.NaN
        : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1e3);
  }
}
