package dev.drd.drill;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The last drill of each target: when, how long the restore took, how old its backup was. */
public final class DrillMetrics {
  private record Last(double timestamp, double rto, double rpo, double passed) {}

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Last>> last = new ConcurrentHashMap<>();

  public DrillMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(DrillReport report) {
    Last value =
        new Last(
            report.finishedAt().getEpochSecond(),
            report.recoveryTime() == null ? Double.NaN : report.recoveryTime().toMillis() / 1e3,
            report.backupAge() == null ? Double.NaN : report.backupAge().toMillis() / 1e3,
            report.passed() ? 1 : 0);
    last.computeIfAbsent(report.target(), this::register).set(value);
  }

  private AtomicReference<Last> register(String target) {
    AtomicReference<Last> ref = new AtomicReference<>();
    gauge(
        "drd.drill.last.timestamp.seconds",
        "When the last drill finished",
        target,
        ref,
        Last::timestamp);
    gauge(
        "drd.drill.last.rto.seconds",
        "Restore time (RTO) the last drill measured",
        target,
        ref,
        Last::rto);
    gauge(
        "drd.drill.last.rpo.seconds",
        "Backup age (RPO) the last drill measured",
        target,
        ref,
        Last::rpo);
    gauge(
        "drd.drill.last.passed",
        "1 when the last drill passed, 0 when it failed",
        target,
        ref,
        Last::passed);
    return ref;
  }

  private void gauge(
      String name,
      String description,
      String target,
      AtomicReference<Last> ref,
      java.util.function.ToDoubleFunction<Last> value) {
    Gauge.builder(name, ref, r -> r.get() == null ? Double.NaN : value.applyAsDouble(r.get()))
        .description(description)
        .tag("target", target)
        .register(registry);
  }
}
