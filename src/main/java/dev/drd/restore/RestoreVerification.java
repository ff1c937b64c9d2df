package dev.drd.restore;

import static dev.drd.restore.RestoreHeartbeat.VERIFYING;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupManifest;
import dev.drd.config.DrdConfig;
import dev.drd.config.SqlAssertion;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.PostgresEndpoint;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify step: {@link Verifier} run against the restored database on a thread of its own while
 * the activity heartbeats how far it got.
 */
record RestoreVerification(
    DrdConfig config, BackupCatalog catalog, RestoreDestination destination, Clock clock) {
  private static final Logger log = LoggerFactory.getLogger(RestoreVerification.class);

  VerificationReport verify(VerifyRequest request) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    TargetConfig target = config.requireTarget(request.target());
    BackupManifest manifest = catalog.manifest(request.manifestKey());
    PostgresEndpoint database =
        destination.server(request.server()).withDatabase(request.database());
    int tables = manifest.tables().size();
    List<SqlAssertion> assertions = new ArrayList<>(target.verify().assertions());
    assertions.addAll(request.assertions());
    AtomicInteger counted = new AtomicInteger();
    // One count(*) of a big table, or a slow assertion, can outlast the heartbeat timeout: the
    // check runs beside this thread, which keeps heartbeating.
    CompletableFuture<VerificationReport> checking =
        CompletableFuture.supplyAsync(
            () ->
                new Verifier(clock)
                    .verify(
                        database,
                        manifest.tables(),
                        assertions,
                        config.restore().jobs(),
                        n -> counted.accumulateAndGet(n, Math::max)),
            task -> Thread.ofVirtual().name("verify " + request.database()).start(task));
    VerificationReport report;
    while (true) {
      try {
        report = checking.get(1, TimeUnit.SECONDS);
        break;
      } catch (TimeoutException stillChecking) {
        int done = counted.get();
        activity.heartbeat(
            new RestoreHeartbeat(
                VERIFYING,
                0,
                done,
                tables,
                done < tables
                    ? "counted %d of %d tables".formatted(done, tables)
                    : "counted all %d tables; running the assertions".formatted(tables)));
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new DrdException(
                FailureType.DATABASE_ERROR, "verification failed: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        checking.cancel(true);
        throw new DrdException(FailureType.INTERRUPTED, "the verification was interrupted", e);
      }
    }
    log.info(
        "verified {}: {} tables, {} rows, {} mismatches, {} of {} assertions failed",
        database.describe(),
        report.tablesChecked(),
        report.rowsFound(),
        report.mismatchCount(),
        report.assertionsFailed(),
        report.assertions().size());
    return report;
  }
}
