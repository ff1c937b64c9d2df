package dev.drd.backup;

import dev.drd.failure.DrdException;
import io.temporal.activity.Activity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Activities that record their calls and fail where a test says, for workflow tests. */
public class FakeBackupActivities implements BackupActivities {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  final List<DiscardRequest> discarded = new CopyOnWriteArrayList<>();
  public final AtomicInteger dumpAttempts = new AtomicInteger();
  volatile DrdException inspectFailure;
  volatile DrdException dumpFailure;
  volatile int dumpFailuresBeforeSuccess = Integer.MAX_VALUE;
  volatile DrdException manifestFailure;
  volatile DrdException retentionFailure;
  public volatile CountDownLatch dumpStarted;
  public volatile boolean dumpUntilCancelled;

  @Override
  public DatabaseInspection inspect(InspectRequest request) {
    calls.add("inspect");
    if (inspectFailure != null) {
      throw inspectFailure;
    }
    return new DatabaseInspection(
        request.target(),
        "shop",
        "15.18",
        150018,
        1_000_000,
        "0/3000060",
        2,
        300,
        new BackupLayout("prod").keys(request.target(), request.timestamp()));
  }

  @Override
  public DumpResult dump(DumpRequest request) {
    calls.add("dump");
    int attempt = dumpAttempts.incrementAndGet();
    if (dumpStarted != null) {
      dumpStarted.countDown();
    }
    if (dumpUntilCancelled) {
      while (true) {
        Activity.getExecutionContext()
            .heartbeat(new DumpHeartbeat("upload-1", 0, 0, "", "waiting"));
        sleep(100);
      }
    }
    if (dumpFailure != null && attempt <= dumpFailuresBeforeSuccess) {
      throw dumpFailure;
    }
    Instant now = Instant.parse("2026-11-24T02:00:30Z");
    return new DumpResult(
        request.dumpKey(),
        4_096,
        65_536,
        "ab".repeat(32),
        "zstd",
        15,
        "0/3000060",
        null,
        now.minusSeconds(20),
        now,
        BackupLayout.tablesKeyOf(request.dumpKey()),
        2,
        300L);
  }

  @Override
  public ManifestResult writeManifest(ManifestRequest request) {
    calls.add("writeManifest");
    if (manifestFailure != null) {
      throw manifestFailure;
    }
    return new ManifestResult(
        request.inspection().keys().manifest(), Instant.parse("2026-11-24T02:00:31Z"));
  }

  @Override
  public RetentionResult applyRetention(RetentionRequest request) {
    calls.add("applyRetention");
    if (retentionFailure != null) {
      throw retentionFailure;
    }
    return new RetentionResult(3, List.of("prod/" + request.target() + "/old.dump.zst"), List.of());
  }

  @Override
  public DiscardResult discard(DiscardRequest request) {
    calls.add("discard");
    discarded.add(request);
    return new DiscardResult(1, false);
  }

  static Instant at(int hour) {
    return java.time.LocalDate.of(2026, 11, 24).atTime(hour, 0).toInstant(ZoneOffset.UTC);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
