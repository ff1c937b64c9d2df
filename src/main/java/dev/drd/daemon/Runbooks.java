package dev.drd.daemon;

import dev.drd.backup.BackupActivitiesImpl;
import dev.drd.backup.BackupMetrics;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.postgres.PgTools;
import dev.drd.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** Every runbook drd runs, registered on one worker. */
public final class Runbooks {
  private Runbooks() {}

  public static void register(
      Worker worker, DrdConfig config, Secrets secrets, ObjectStore store, MeterRegistry registry) {
    Supplier<PgTools> tools =
        memoize(() -> PgTools.locate(Optional.ofNullable(config.postgres().binDir())));
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new BackupActivitiesImpl(
            config, secrets, tools, store, new BackupMetrics(registry), Clock.systemUTC()));
  }

  /** PostgreSQL's client programs are looked for once, when a runbook first needs them. */
  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
