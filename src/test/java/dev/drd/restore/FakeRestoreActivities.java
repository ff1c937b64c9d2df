package dev.drd.restore;

import dev.drd.failure.DrdException;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Restore activities that record their calls and fail where a test says, for workflow tests. */
public class FakeRestoreActivities implements RestoreActivities {
  public static final Instant TAKEN_AT = Instant.parse("2026-11-24T02:00:00Z");
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final List<DiscardRequest> discarded = new CopyOnWriteArrayList<>();
  public volatile DrdException resolveFailure;
  public volatile DrdException restoreFailure;
  public volatile DrdException checkFailure;
  public final List<ResolveRequest> resolves = new CopyOnWriteArrayList<>();
  public final List<RestoreStepRequest> restores = new CopyOnWriteArrayList<>();
  public final List<VerifyRequest> verifications = new CopyOnWriteArrayList<>();
  public volatile boolean verificationFails;
  public volatile Instant takenAt = TAKEN_AT;
  public volatile CountDownLatch restoreStarted;
  public volatile boolean restoreUntilCancelled;

  @Override
  public ResolvedBackup resolve(ResolveRequest request) {
    calls.add("resolve");
    resolves.add(request);
    if (resolveFailure != null) {
      throw resolveFailure;
    }
    // A dump named by its key is that one; anything else is the newest.
    String dump =
        request.backup().endsWith(".dump.zst")
            ? request.backup()
            : "prod/orders/2026/11/24/20261124T020000Z.dump.zst";
    return new ResolvedBackup(
        request.target(),
        dump,
        dump.replace(".dump.zst", ".manifest.json"),
        takenAt,
        "ab".repeat(32),
        1000,
        4000,
        2,
        300,
        "0/3000060",
        "15.18");
  }

  @Override
  public String checkBackup(ResolvedBackup backup) {
    calls.add("checkBackup");
    if (checkFailure != null) {
      throw checkFailure;
    }
    return backup.key() + ": size and sha256 match";
  }

  @Override
  public DestinationCheck checkDestination(DestinationRequest request) {
    calls.add("checkDestination");
    return new DestinationCheck(false, 0);
  }

  @Override
  public RestoreStepResult restore(RestoreStepRequest request) {
    calls.add("restore");
    restores.add(request);
    if (restoreStarted != null) {
      restoreStarted.countDown();
    }
    while (restoreUntilCancelled) {
      Activity.getExecutionContext().heartbeat("restoring");
      sleep(Duration.ofMillis(200));
    }
    if (restoreFailure != null) {
      throw restoreFailure;
    }
    Instant started = Instant.parse("2026-11-24T03:00:00Z");
    return new RestoreStepResult(
        started, started.plusSeconds(5), started.plusSeconds(65), true, 2, 40, false);
  }

  @Override
  public boolean discard(DiscardRequest request) {
    calls.add("discard");
    discarded.add(request);
    return true;
  }

  @Override
  public VerificationReport verify(VerifyRequest request) {
    calls.add("verify");
    verifications.add(request);
    List<TableMismatch> mismatches =
        verificationFails ? List.of(new TableMismatch("sales", "orders", 200, 199L)) : List.of();
    return new VerificationReport(
        request.database(),
        2,
        300,
        verificationFails ? 299 : 300,
        mismatches.size(),
        mismatches,
        List.of(),
        Duration.ofSeconds(3),
        Duration.ZERO,
        Instant.parse("2026-11-24T03:01:15Z"));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
