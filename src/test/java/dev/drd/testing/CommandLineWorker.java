package dev.drd.testing;

import dev.drd.config.StorageConfig;
import dev.drd.config.TemporalConfig;
import dev.drd.config.WorkerVersioningConfig;
import dev.drd.temporal.DrdWorkerInterceptor;
import dev.drd.temporal.DrdWorkers;
import dev.drd.temporal.TemporalConnection;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker on a task queue of its own on the test JVM's Temporal server, running real workflows
 * with the activities a test gives (fakes), and a config that points drd's command lines at it: for
 * tests that drive runbooks with real command lines.
 */
public final class CommandLineWorker implements AutoCloseable {
  private static final AtomicInteger QUEUES = new AtomicInteger();

  private final TemporalConnection temporal;
  private final WorkerFactory factory;
  private final Path config;

  private CommandLineWorker(TemporalConnection temporal, WorkerFactory factory, Path config) {
    this.temporal = temporal;
    this.factory = factory;
    this.config = config;
  }

  /**
   * @param dir where the config is written
   * @param targets the config's targets, as {@link TestConfigs#target} writes them
   */
  public static CommandLineWorker start(
      Path dir, String targets, List<Class<?>> workflows, List<Object> activities) {
    return start(dir, TestS3.newBucket(""), targets, workflows, activities);
  }

  /** A worker whose config names {@code storage} as drd's bucket. */
  public static CommandLineWorker start(
      Path dir,
      StorageConfig storage,
      String targets,
      List<Class<?>> workflows,
      List<Object> activities) {
    String queue = "cli-" + QUEUES.incrementAndGet();
    TemporalConnection temporal =
        TemporalConnection.connect(
            new TemporalConfig(TestTemporal.target(), null, null, null, null, null),
            null,
            Duration.ofSeconds(5));
    WorkerFactory factory =
        WorkerFactory.newInstance(
            temporal.client(), DrdWorkers.factoryOptions(new DrdWorkerInterceptor()));
    List<Worker> workers =
        DrdWorkers.newWorkers(factory, queue, WorkerVersioningConfig.defaults(), 8, 8, 4);
    workers.get(0).registerWorkflowImplementationTypes(workflows.toArray(Class<?>[]::new));
    workers.forEach(w -> w.registerActivitiesImplementations(activities.toArray()));
    factory.start();
    Path config =
        TestConfigs.write(
            dir, TestConfigs.yaml(TestTemporal.target(), queue, storage, targets, ""));
    return new CommandLineWorker(temporal, factory, config);
  }

  /** Runs {@code drd ARGS --config <this worker's config>}. */
  public Cli.Run drd(String... args) {
    String[] withConfig = Arrays.copyOf(args, args.length + 2);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = config.toString();
    return Cli.run(withConfig);
  }

  /** The config that points drd's command lines at this worker. */
  public Path config() {
    return config;
  }

  /** Stops the worker, as when no daemon runs; the Temporal server keeps the workflows. */
  public void stopWorker() {
    factory.shutdownNow();
  }

  @Override
  public void close() {
    factory.shutdownNow();
    temporal.close();
  }
}
