package dev.drd.schedule;

import dev.drd.backup.BackupLauncher;
import dev.drd.config.TargetConfig;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the backup workflow of one fire time. */
@DisallowConcurrentExecution
public final class StartBackupJob implements Job {
  static final String TARGET = "target";
  private static final int START_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(StartBackupJob.class);
  private final BackupLauncher launcher;
  private final List<TargetConfig> targets;

  StartBackupJob(BackupLauncher launcher, List<TargetConfig> targets) {
    this.launcher = launcher;
    this.targets = targets;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String name = context.getMergedJobDataMap().getString(TARGET);
    Instant fireTime = context.getScheduledFireTime().toInstant();
    fire(name, fireTime);
  }

  /** Starts the backup of this fire time; a second fire of the same time is logged and ignored. */
  void fire(String name, Instant fireTime) throws JobExecutionException {
    TargetConfig target =
        targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    String id = BackupLauncher.scheduledId(name, fireTime);
    for (int attempt = 1; ; attempt++) {
      try {
        var execution = launcher.startScheduled(target, fireTime);
        log.info(
            "started scheduled backup {} (run {})",
            execution.getWorkflowId(),
            execution.getRunId());
        return;
      } catch (WorkflowExecutionAlreadyStarted e) {
        log.info(
            "scheduled backup {} already exists (a second fire or another daemon); not starting it again",
            id);
        return;
      } catch (RuntimeException e) {
        if (attempt == START_ATTEMPTS) {
          log.error(
              "could not start scheduled backup {} after {} attempts: {}. This backup is missed; check Temporal's reachability",
              id,
              attempt,
              e.getMessage());
          throw new JobExecutionException(e, false);
        }
        log.warn(
            "could not start scheduled backup {} (attempt {}): {}; trying again",
            id,
            attempt,
            e.getMessage());
        sleep(Duration.ofSeconds(1L << attempt));
      }
    }
  }

  private static void sleep(Duration pause) throws JobExecutionException {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobExecutionException("interrupted while starting a scheduled backup", e, false);
    }
  }
}
