package dev.drd.schedule;

import dev.drd.config.CronSchedules;
import dev.drd.config.TargetConfig;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each target's runbooks (backups, drills) on their crons. Quartz only decides when; the
 * workflow id derived from the fire time decides that a run happens once, however often it fires.
 */
public final class RunbookScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunbookScheduler.class);
  private final Scheduler scheduler;

  private RunbookScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public static RunbookScheduler start(List<TargetConfig> targets, List<RunbookLauncher> launchers)
      throws SchedulerException {
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "drd");
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    props.setProperty("org.quartz.threadPool.threadCount", "2");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    Map<String, RunbookLauncher> byRunbook =
        launchers.stream().collect(Collectors.toMap(RunbookLauncher::runbook, Function.identity()));
    scheduler.setJobFactory((bundle, s) -> new StartRunbookJob(byRunbook, targets));
    for (RunbookLauncher launcher : launchers) {
      for (TargetConfig target : targets) {
        String cron = launcher.schedule(target).orElse(null);
        if (cron == null) {
          continue;
        }
        String identity = launcher.runbook() + "-" + target.name();
        JobDetail job =
            JobBuilder.newJob(StartRunbookJob.class)
                .withIdentity(identity, "drd")
                .usingJobData(StartRunbookJob.RUNBOOK, launcher.runbook())
                .usingJobData(StartRunbookJob.TARGET, target.name())
                .build();
        Trigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity(identity, "drd")
                .withSchedule(
                    CronScheduleBuilder.cronSchedule(CronSchedules.toQuartz(cron))
                        .inTimeZone(TimeZone.getTimeZone(ZoneId.of(launcher.timezone(target))))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.scheduleJob(job, trigger);
        log.info(
            "scheduled {}s of {}: '{}' ({}), next at {}",
            launcher.runbook(),
            target.name(),
            cron,
            launcher.timezone(target),
            trigger.getNextFireTime().toInstant());
      }
    }
    scheduler.start();
    return new RunbookScheduler(scheduler);
  }

  /** Stops firing; waits for jobs that are starting a workflow right now (milliseconds). */
  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      log.warn("the scheduler did not stop cleanly: {}", e.getMessage());
    }
  }
}
