package dev.drd.schedule;

import dev.drd.backup.BackupLauncher;
import dev.drd.config.CronSchedules;
import dev.drd.config.TargetConfig;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
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
 * Fires each target's backup on its cron. Quartz only decides when; the workflow id derived from
 * the fire time decides that a backup runs once, however often it fires.
 */
public final class BackupScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);
  private final Scheduler scheduler;

  private BackupScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public static BackupScheduler start(List<TargetConfig> targets, BackupLauncher launcher)
      throws SchedulerException {
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "drd");
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    props.setProperty("org.quartz.threadPool.threadCount", "2");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    scheduler.setJobFactory((bundle, s) -> new StartBackupJob(launcher, targets));
    for (TargetConfig target : targets) {
      if (target.backup().schedule() == null) {
        continue;
      }
      JobDetail job =
          JobBuilder.newJob(StartBackupJob.class)
              .withIdentity("backup-" + target.name(), "drd")
              .usingJobData(StartBackupJob.TARGET, target.name())
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity("backup-" + target.name(), "drd")
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(
                          CronSchedules.toQuartz(target.backup().schedule()))
                      .inTimeZone(TimeZone.getTimeZone(ZoneId.of(target.backup().timezone())))
                      .withMisfireHandlingInstructionFireAndProceed())
              .build();
      scheduler.scheduleJob(job, trigger);
      log.info(
          "scheduled backups of {}: '{}' ({}), next at {}",
          target.name(),
          target.backup().schedule(),
          target.backup().timezone(),
          trigger.getNextFireTime().toInstant());
    }
    scheduler.start();
    return new BackupScheduler(scheduler);
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
