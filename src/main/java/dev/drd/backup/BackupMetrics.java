package dev.drd.backup;

import io.micrometer.core.instrument.Counter;
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

  public void succeeded(
      String target, Duration took, long bytes, long dumpBytes, Instant finishedAt) {
    Timer.builder("drd.backup.duration")
        .description("Wall time of completed backups, from start to manifest written")
        .tag("target", target)
        .register(registry)
        .record(took);
    Counter.builder("drd.backup.uploaded.bytes")
        .description("Bytes of completed backups uploaded to the bucket (compressed)")
        .tag("target", target)
        .register(registry)
        .increment(bytes);
    Counter.builder("drd.backup.dumped.bytes")
        .description("Bytes pg_dump wrote for completed backups (before compression)")
        .tag("target", target)
        .register(registry)
        .increment(dumpBytes);
    gauge(lastBytes, "drd.backup.last.size.bytes", "Size in the bucket of the last backup", target)
        .set(bytes);
    gauge(
            lastSuccess,
            "drd.backup.last.success.timestamp.seconds",
            "When the last backup completed (Unix time)",
            target)
        .set(finishedAt.getEpochSecond());
  }

  /**
   * @param reason running (overlap skip) or one_waiting (overlap buffer, with one already waiting)
   */
  public void skipped(String target, String reason) {
    Counter.builder("drd.backup.skipped")
        .description(
            "Scheduled backups not started because one of the target's was running"
                + " (reason=running) or already waiting (reason=one_waiting)")
        .tags("target", target, "reason", reason)
        .register(registry)
        .increment();
  }

  private AtomicLong gauge(
      Map<String, AtomicLong> values, String name, String description, String target) {
    return values.computeIfAbsent(
        target,
        t -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tag("target", t)
              .register(registry);
          return value;
        });
  }
}
