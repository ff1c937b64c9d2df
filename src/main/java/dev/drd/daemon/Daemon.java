package dev.drd.daemon;

import dev.drd.archive.ArchiveGauges;
import dev.drd.archive.ArchiverActivitiesImpl;
import dev.drd.archive.ArchiverLauncher;
import dev.drd.archive.BaseBackupLauncher;
import dev.drd.backup.BackupLauncher;
import dev.drd.backup.BackupLayout;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.ScheduleCluster;
import dev.drd.config.Secrets;
import dev.drd.drill.DrillLauncher;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.schedule.RunbookScheduler;
import dev.drd.schedule.ScheduleStore;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import dev.drd.temporal.RunbookLauncher;
import dev.drd.temporal.TemporalConnection;
import dev.drd.watchdog.RecoveryPointGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drd worker process: a Temporal worker with every runbook, the backup schedule, and the health
 * endpoint. {@link #shutdown()} is the graceful stop the chapter asks for.
 */
public final class Daemon {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WATCHDOG_PERIOD = Duration.ofMinutes(1);
  private static final Duration ARCHIVER_CHECK = Duration.ofMinutes(1);
  private static final Duration RUNBOOK_METRICS_PERIOD = Duration.ofSeconds(15);

  private final DrdConfig config;
  private final TemporalConnection temporal;
  private final S3ObjectStore store;
  private final WorkerFactory factory;
  private final DrdWorkerInterceptor interceptor;
  private final Readiness readiness;
  private final HealthServer http;
  private final RunbookScheduler scheduler;
  private final RecoveryPointGauges watchdog;
  private final ArchiverLauncher archiverLauncher;
  private final ArchiverActivitiesImpl archivers;
  private final RunbookMetrics runbookMetrics;
  private boolean stopped;

  private Daemon(
      DrdConfig config,
      TemporalConnection temporal,
      S3ObjectStore store,
      WorkerFactory factory,
      DrdWorkerInterceptor interceptor,
      Readiness readiness,
      HealthServer http,
      RunbookScheduler scheduler,
      RecoveryPointGauges watchdog,
      ArchiverLauncher archiverLauncher,
      ArchiverActivitiesImpl archivers,
      RunbookMetrics runbookMetrics) {
    this.config = config;
    this.temporal = temporal;
    this.store = store;
    this.factory = factory;
    this.interceptor = interceptor;
    this.readiness = readiness;
    this.http = http;
    this.scheduler = scheduler;
    this.watchdog = watchdog;
    this.archiverLauncher = archiverLauncher;
    this.archivers = archivers;
    this.runbookMetrics = runbookMetrics;
  }

  /**
   * A missing bucket or refused credentials stop the start; an S3 API that does not answer now is
   * logged, since backups retry and it may be back before the first one.
   */
  private static void checkStorage(DrdConfig config, S3ObjectStore store) {
    try {
      store.checkAccess(config.storage().prefix() == null ? "" : config.storage().prefix());
    } catch (DrdException e) {
      if (e.type() == FailureType.STORAGE_BUCKET_MISSING
          || e.type() == FailureType.STORAGE_ACCESS_DENIED) {
        throw new StorageUnusableException(
            "storage cannot be used (bucket %s%s): %s. drd does not start: every backup would fail"
                .formatted(
                    store.bucket(),
                    config.storage().endpoint() == null ? "" : " at " + config.storage().endpoint(),
                    e.getMessage()),
            e);
      }
      log.warn("storage: the S3 API does not answer now ({}); backups will retry", e.getMessage());
    }
  }

  /**
   * @throws dev.drd.temporal.TemporalUnreachableException when Temporal does not answer
   */
  public static Daemon start(DrdConfig config, Secrets secrets) throws Exception {
    return start(config, secrets, RunbookAdapters.production());
  }

  /**
   * @param adapters the cluster API and DNS providers runbooks act on (dev mode: stand-ins)
   * @throws dev.drd.temporal.TemporalUnreachableException when Temporal does not answer
   * @throws dev.drd.schedule.ScheduleStoreUnavailableException when the shared schedule's database
   *     cannot be used
   */
  public static Daemon start(DrdConfig config, Secrets secrets, RunbookAdapters adapters)
      throws Exception {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    TemporalConnection temporal =
        TemporalConnection.connect(
            config.temporal(), Metrics.temporalScope(registry), CONNECT_TIMEOUT);
    ScheduleStore scheduleStore;
    try {
      scheduleStore = openScheduleStore(config, secrets);
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
    S3ObjectStore store = S3ObjectStore.create(config.storage());
    try {
      checkStorage(config, store);
    } catch (RuntimeException e) {
      store.close();
      temporal.close();
      if (scheduleStore != null) {
        scheduleStore.close();
      }
      throw e;
    }
    DrdWorkerInterceptor interceptor = new DrdWorkerInterceptor();
    WorkerFactory factory =
        WorkerFactory.newInstance(temporal.client(), DrdWorkers.factoryOptions(interceptor));
    List<Worker> workers =
        DrdWorkers.newWorkers(
            factory,
            config.temporal().taskQueue(),
            config.temporal().versioning(),
            config.worker().operatorSteps(),
            config.worker().dataMovers(),
            config.worker().streamers());
    ArchiverActivitiesImpl archivers =
        Runbooks.register(workers, config, secrets, store, registry, adapters);
    Readiness readiness = new Readiness(temporal::reachable);
    readinessGauge(registry, readiness);
    HealthServer http;
    try {
      http = HealthServer.start(config.http(), readiness, registry);
    } catch (RuntimeException | java.io.IOException e) {
      readiness.close();
      temporal.close();
      store.close();
      if (scheduleStore != null) {
        scheduleStore.close();
      }
      throw e;
    }
    factory.start();
    readiness.pollingStarted();
    String queue = config.temporal().taskQueue();
    List<RunbookLauncher> launchers =
        List.of(
            new BackupLauncher(temporal.client(), queue),
            new DrillLauncher(temporal.client(), queue),
            new BaseBackupLauncher(temporal.client(), queue));
    String scheduleName = "drd/%s/%s".formatted(config.temporal().namespace(), queue);
    RunbookScheduler scheduler =
        scheduleStore == null
            ? RunbookScheduler.inMemory(scheduleName, config.targets(), launchers)
            : RunbookScheduler.clustered(scheduleName, scheduleStore, config.targets(), launchers);
    RecoveryPointGauges watchdog =
        new RecoveryPointGauges(
                store,
                new BackupLayout(config.storage().prefix()),
                config.targets(),
                registry,
                Clock.systemUTC())
            .alsoRefreshing(
                new ArchiveGauges(
                        store,
                        config.storage().prefix(),
                        config.targets(),
                        registry,
                        Clock.systemUTC())
                    ::refresh)
            .start(WATCHDOG_PERIOD);
    ArchiverLauncher archiverLauncher =
        new ArchiverLauncher(temporal.client(), queue, config.targets()).start(ARCHIVER_CHECK);
    RunbookMetrics runbookMetrics =
        new RunbookMetrics(temporal.client(), config.temporal().namespace(), registry)
            .start(RUNBOOK_METRICS_PERIOD);
    log.info(
        "drd is ready: worker polls {} on {} (namespace {}) as build {} of deployment {} (versioning"
            + " {}), {} target(s), http on port {}",
        config.temporal().taskQueue(),
        config.temporal().target(),
        config.temporal().namespace(),
        config.temporal().versioning().buildId(),
        config.temporal().versioning().deploymentName(),
        config.temporal().versioning().enabled()
            ? "on, " + config.temporal().versioning().defaultBehavior()
            : "off",
        config.targets().size(),
        http.port());
    return new Daemon(
        config,
        temporal,
        store,
        factory,
        interceptor,
        readiness,
        http,
        scheduler,
        watchdog,
        archiverLauncher,
        archivers,
        runbookMetrics);
  }

  static void readinessGauge(MeterRegistry registry, Readiness readiness) {
    Gauge.builder("drd.daemon.ready", readiness, r -> r.ready() ? 1 : 0)
        .description("1 while the daemon takes work (what /ready answers 200 to), else 0")
        .register(registry);
  }

  /**
   * The shared schedule's database, when the config names one; null for a schedule in memory.
   *
   * @throws ScheduleStoreUnavailableException when it cannot be used
   */
  private static ScheduleStore openScheduleStore(DrdConfig config, Secrets secrets) {
    ScheduleCluster cluster = config.schedule().cluster();
    return cluster == null
        ? null
        : ScheduleStore.open(
            cluster, secrets, RunbookScheduler.connectionsNeeded(config.targets().size()));
  }

  public int httpPort() {
    return http.port();
  }

  public boolean ready() {
    return readiness.ready();
  }

  /** The runbooks open in Temporal now (running, or waiting for a person), read afresh. */
  public List<RunbookMetrics.OpenRunbook> openRunbooks() {
    runbookMetrics.refresh();
    return runbookMetrics.open();
  }

  /**
   * Stops taking work, lets running activities finish within {@code shutdown.gracefulTimeout},
   * interrupts the rest (Temporal retries them on another worker), and releases everything.
   */
  public synchronized void shutdown() {
    if (stopped) {
      return;
    }
    stopped = true;
    Duration timeout = config.shutdown().gracefulTimeout();
    log.info("shutdown 1/4: not ready any more (/ready answers 503)");
    readiness.stopping();
    log.info("shutdown 2/4: the schedule stops firing");
    scheduler.close();
    watchdog.close();
    archiverLauncher.close();
    runbookMetrics.close();
    archivers.handOver();
    log.info(
        "shutdown 3/4: the worker stops polling; waiting up to {} for {} running activit{}",
        Durations.format(timeout),
        interceptor.runningActivities(),
        interceptor.runningActivities() == 1 ? "y" : "ies");
    long started = System.nanoTime();
    factory.shutdown();
    factory.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (factory.isTerminated()) {
      log.info(
          "shutdown 4/4: all work finished after {}",
          Durations.format(Duration.ofNanos(System.nanoTime() - started)));
    } else {
      log.warn(
          "shutdown 4/4: the graceful timeout of {} passed; interrupting {} activit{} still running, which Temporal retries on another worker",
          Durations.format(timeout),
          interceptor.runningActivities(),
          interceptor.runningActivities() == 1 ? "y" : "ies");
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    readiness.close();
    http.close();
    temporal.close();
    store.close();
    log.info("drd stopped");
  }
}
