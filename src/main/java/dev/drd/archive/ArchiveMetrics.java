package dev.drd.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** The archive's metrics, per target, from the daemon whose archiver streams it. */
public final class ArchiveMetrics {
  private final MeterRegistry registry;
  private final Map<String, Observed> observed = new ConcurrentHashMap<>();

  private static final class Observed {
    volatile double lagBytes;
    volatile double lagSeconds;
    volatile double retainedBytes;
    volatile double lastUpload;
  }

  public ArchiveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void segmentArchived(String target) {
    Counter.builder("drd.archive.segments")
        .description("WAL segments the archiver uploaded whole to the bucket")
        .tag("target", target)
        .register(registry)
        .increment();
  }

  public void observe(ArchiveStatus status) {
    Observed o = observed.computeIfAbsent(status.target(), this::register);
    o.lagBytes = status.lagBytes();
    o.lagSeconds = status.lagSeconds();
    o.retainedBytes = status.slotRetainedBytes();
    if (status.archivedAt() != null) {
      o.lastUpload = status.archivedAt().getEpochSecond();
    }
  }

  private Observed register(String target) {
    Observed o = new Observed();
    gauge(
        "drd.archive.lag.bytes",
        "WAL written on the server and not yet in the archive",
        target,
        o,
        x -> x.lagBytes);
    gauge(
        "drd.archive.lag.seconds",
        "How long the newest archived WAL has waited for the next"
            + " upload while the server wrote more (0 when the archive is caught up)",
        target,
        o,
        x -> x.lagSeconds);
    gauge(
        "drd.archive.slot.retained.bytes",
        "WAL the archive's replication slot keeps on the server",
        target,
        o,
        x -> x.retainedBytes);
    gauge(
        "drd.archive.last.upload.timestamp.seconds",
        "When the archiver last uploaded WAL",
        target,
        o,
        x -> x.lastUpload);
    return o;
  }

  private void gauge(
      String name, String help, String target, Observed o, ToDoubleFunction<Observed> value) {
    Gauge.builder(name, o, value).description(help).tag("target", target).register(registry);
  }
}
