package dev.drd.backup;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** drd's own backup metrics, per target. */
public final class BackupMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastBytes = new ConcurrentHashMap<>();

  public BackupMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void succeeded(String target, Duration took, long bytes, long dumpBytes, Instant finishedAt) {
    Timer.builder("drd.backup.duration")
        .description("Wall time of completed backups, from start to manifest written")
        .tag("target", target)
        .register(registry)
        .record(took);
    registry.counter("drd.backup.uploaded.bytes", "target", target).increment(bytes);
    registry.counter("drd.backup.dumped.bytes", "target", target).increment(dumpBytes);
    gauge(lastBytes, "drd.backup.last.size.bytes", target).set(bytes);
    gauge(lastSuccess, "drd.backup.last.success.timestamp.seconds", target)
        .set(finishedAt.getEpochSecond());
  }

  /**
   * @param reason running (overlap skip) or one_waiting (overlap buffer, with one already waiting)
   */
  void skipped(String target, String reason) {
    registry.counter("drd.backup.skipped", "target", target, "reason", reason).increment();
  }

  private AtomicLong gauge(Map<String, AtomicLong> values, String name, String target) {
    return values.computeIfAbsent(
        target,
        t -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get).tag("target", t).register(registry);
          return value;
        });
  }
}
