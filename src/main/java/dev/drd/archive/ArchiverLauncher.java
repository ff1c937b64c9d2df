package dev.drd.archive;

import dev.drd.config.TargetConfig;
import dev.drd.temporal.WorkQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one archiver running per archived target, whichever daemons run: each daemon starts every
 * archiver that does not run (at start, then every period), and Temporal's workflow id {@code
 * archive/<target>} makes a second start of a running one a no-op.
 */
public final class ArchiverLauncher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArchiverLauncher.class);
  private final WorkflowClient client;
  private final String taskQueue;
  private final List<TargetConfig> targets;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("archivers").unstarted(r));

  public ArchiverLauncher(WorkflowClient client, String taskQueue, List<TargetConfig> targets) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.targets = targets.stream().filter(TargetConfig::archived).toList();
  }

  public static String workflowId(String target) {
    return "archive/" + target;
  }

  /** Checks now, then every {@code period}. */
  public ArchiverLauncher start(Duration period) {
    if (!targets.isEmpty()) {
      timer.scheduleWithFixedDelay(this::keepRunning, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Starts the archiver of every archived target that does not run; returns how many started. */
  public int keepRunning() {
    int started = 0;
    for (TargetConfig target : targets) {
      try {
        start(target.name(), ArchiveRequest.DEFAULT_RUN);
        started++;
        log.info("started the archiver of {} ({})", target.name(), workflowId(target.name()));
      } catch (WorkflowExecutionAlreadyStarted running) {
        // another daemon, or this one earlier, runs it
      } catch (RuntimeException e) {
        log.warn("cannot start the archiver of {}: {}", target.name(), e.getMessage());
      }
    }
    return started;
  }

  /**
   * Starts the archiver of a target, streaming {@code runFor} at a time.
   *
   * @throws WorkflowExecutionAlreadyStarted when it runs
   */
  public WorkflowExecution start(String target, Duration runFor) {
    ArchiverWorkflow archiver =
        client.newWorkflowStub(
            ArchiverWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId(target))
                .setTaskQueue(taskQueue)
                .setMemo(WorkQueues.memo())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    return WorkflowClient.start(archiver::archive, new ArchiveRequest(target, runFor));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
