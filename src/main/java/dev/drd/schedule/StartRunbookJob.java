package dev.drd.schedule;

import dev.drd.config.TargetConfig;
import dev.drd.recover.RecoverRunbook;
import dev.drd.temporal.RunbookLauncher;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the workflow of one runbook, target and fire time. */
@DisallowConcurrentExecution
public final class StartRunbookJob implements Job {
  static final String RUNBOOK = "runbook";
  static final String TARGET = "target";
  private static final String BACKUP = "backup";
  private static final int START_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(StartRunbookJob.class);
  private final Map<String, RunbookLauncher> launchers;
  private final List<TargetConfig> targets;

  StartRunbookJob(Map<String, RunbookLauncher> launchers, List<TargetConfig> targets) {
    this.launchers = launchers;
    this.targets = targets;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    fire(
        context.getMergedJobDataMap().getString(RUNBOOK),
        context.getMergedJobDataMap().getString(TARGET),
        nominal(context));
  }

  private static Instant nominal(JobExecutionContext context) throws JobExecutionException {
    Instant scheduled = context.getScheduledFireTime().toInstant();
    if (!(context.getTrigger() instanceof CronTrigger trigger)) {
      return scheduled;
    }
    try {
      CronExpression cron = new CronExpression(trigger.getCronExpression());
      cron.setTimeZone(trigger.getTimeZone());
      return NominalFireTime.of(cron, scheduled);
    } catch (ParseException e) {
      throw new JobExecutionException(e, false);
    }
  }

  /**
   * Starts the run of this fire time; a second fire of the same time is logged and ignored, and so
   * is a backup of a target whose database a corruption recovery is replacing.
   */
  void fire(String runbook, String name, Instant fireTime) throws JobExecutionException {
    RunbookLauncher launcher = launchers.get(runbook);
    TargetConfig target =
        targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    String id = launcher.scheduledId(name, fireTime);
    if (BACKUP.equals(runbook) && launcher.running(RecoverRunbook.workflowId(name))) {
      log.warn(
          ("scheduled backup {} skipped: the corruption recovery {} runs. Its database is being"
              + " replaced, and this backup's retention could delete the backup it restores;"
              + " the next fire time backs up the recovered database"),
          id,
          RecoverRunbook.workflowId(name));
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        var execution = launcher.startScheduled(target, fireTime);
        log.info(
            "started scheduled {} {} (run {})",
            runbook,
            execution.getWorkflowId(),
            execution.getRunId());
        return;
      } catch (WorkflowExecutionAlreadyStarted e) {
        log.info(
            "scheduled {} {} already exists (a second fire or another daemon); not starting it again",
            runbook,
            id);
        return;
      } catch (RuntimeException e) {
        if (attempt == START_ATTEMPTS) {
          log.error(
              "could not start scheduled {} {} after {} attempts: {}. This run is missed; check Temporal's reachability",
              runbook,
              id,
              attempt,
              e.getMessage());
          throw new JobExecutionException(e, false);
        }
        log.warn(
            "could not start scheduled {} {} (attempt {}): {}; trying again",
            runbook,
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
      throw new JobExecutionException("interrupted while starting a scheduled run", e, false);
    }
  }
}
