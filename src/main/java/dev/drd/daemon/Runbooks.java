package dev.drd.daemon;

import dev.drd.archive.ArchiveMetrics;
import dev.drd.archive.ArchiverActivitiesImpl;
import dev.drd.archive.ArchiverWorkflowImpl;
import dev.drd.archive.BaseBackupActivitiesImpl;
import dev.drd.archive.BaseBackupWorkflowImpl;
import dev.drd.archive.PointInTimeActivitiesImpl;
import dev.drd.archive.PointInTimeRestoreWorkflowImpl;
import dev.drd.backup.BackupActivitiesImpl;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.BackupMetrics;
import dev.drd.backup.BackupWorkflowImpl;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.drill.DrillActivitiesImpl;
import dev.drd.drill.DrillMetrics;
import dev.drd.drill.RestoreDrillWorkflowImpl;
import dev.drd.failover.FailoverActivitiesImpl;
import dev.drd.failover.FailoverWorkflowImpl;
import dev.drd.postgres.PgTools;
import dev.drd.recover.RecoverActivitiesImpl;
import dev.drd.recover.RecoverWorkflowImpl;
import dev.drd.restore.RestoreActivitiesImpl;
import dev.drd.restore.RestoreWorkflowImpl;
import dev.drd.storage.ObjectStore;
import dev.drd.watchdog.RecoveryPoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Every runbook drd runs, registered on one worker. */
public final class Runbooks {
  private Runbooks() {}

  public static void register(
      Worker worker, DrdConfig config, Secrets secrets, ObjectStore store, MeterRegistry registry) {
    register(worker, config, secrets, store, registry, RunbookAdapters.production());
  }

  /**
   * @return the archivers' activities, to hand over when the worker stops
   */
  public static ArchiverActivitiesImpl register(
      Worker worker,
      DrdConfig config,
      Secrets secrets,
      ObjectStore store,
      MeterRegistry registry,
      RunbookAdapters adapters) {
    return register(List.of(worker), config, secrets, store, registry, adapters);
  }

  /**
   * @param workers the runbooks' own worker first, which runs the workflows; every worker runs
   *     every activity, and a runbook's activity options choose the queue, so the kinds of work
   *     each have their own slots ({@link dev.drd.temporal.WorkQueues})
   * @return the archivers' activities, which the daemon tells to hand over when it stops
   */
  public static ArchiverActivitiesImpl register(
      List<Worker> workers,
      DrdConfig config,
      Secrets secrets,
      ObjectStore store,
      MeterRegistry registry,
      RunbookAdapters adapters) {
    Supplier<PgTools> tools =
        memoize(() -> PgTools.locate(Optional.ofNullable(config.postgres().binDir())));
    Clock clock = Clock.systemUTC();
    workers
        .get(0)
        .registerWorkflowImplementationTypes(
            BackupWorkflowImpl.class,
            RestoreWorkflowImpl.class,
            RestoreDrillWorkflowImpl.class,
            FailoverWorkflowImpl.class,
            RecoverWorkflowImpl.class,
            ArchiverWorkflowImpl.class,
            BaseBackupWorkflowImpl.class,
            PointInTimeRestoreWorkflowImpl.class);
    ArchiverActivitiesImpl archivers =
        new ArchiverActivitiesImpl(config, secrets, store, clock, new ArchiveMetrics(registry));
    Object[] activities = {
      new BackupActivitiesImpl(
          config,
          secrets,
          tools,
          store,
          new BackupMetrics(registry),
          new RecoveryPoints(store, new BackupLayout(config.storage().prefix())),
          clock,
          new RunningRecoveries()),
      new RestoreActivitiesImpl(config, secrets, tools, store, clock),
      new DrillActivitiesImpl(config, secrets, store, new DrillMetrics(registry), clock),
      new FailoverActivitiesImpl(config, secrets, adapters.scaler(), adapters.dns(), store),
      new RecoverActivitiesImpl(config, secrets, adapters.scaler(), clock),
      archivers,
      new BaseBackupActivitiesImpl(config, secrets, tools, store, clock),
      new PointInTimeActivitiesImpl(config, secrets, tools, store, clock)
    };
    workers.forEach(w -> w.registerActivitiesImplementations(activities));
    return archivers;
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
