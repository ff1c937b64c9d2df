package dev.drd.schedule;

import dev.drd.config.CronSchedules;
import dev.drd.config.TargetConfig;
import dev.drd.temporal.RunbookLauncher;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each target's runbooks (backups, drills) on their crons. Quartz only decides when; the
 * workflow id derived from the fire time decides that a run happens once, however often it fires.
 *
 * <p>In memory, each daemon fires every trigger itself. Clustered, the daemons keep one schedule in
 * a shared database, and each fire time fires on one of them; a daemon that dies is noticed by the
 * others, which go on firing.
 */
public final class RunbookScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunbookScheduler.class);
  private static final String GROUP = "drd";
  private static final int MIN_THREADS = 2;
  private static final int MAX_THREADS = 10;

  /**
   * Starting a workflow takes milliseconds, but one whose start retries (Temporal slow) holds its
   * thread for seconds: a thread per 20 targets keeps a fleet due at 02:00 off the misfire
   * threshold.
   */
  private static final int TARGETS_PER_THREAD = 20;

  private final Scheduler scheduler;

  private RunbookScheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** A schedule of this daemon's own, in memory. */
  public static RunbookScheduler inMemory(
      String name, List<TargetConfig> targets, List<RunbookLauncher> launchers)
      throws SchedulerException {
    Properties props = properties(name, targets.size());
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    return start(props, targets, launchers);
  }

  /**
   * The schedule shared by every daemon of this name through the store's database. The daemon that
   * starts last brings the shared schedule in line with its config.
   *
   * @param name tells apart the schedules of drd installations that share a database
   */
  public static RunbookScheduler clustered(
      String name, ScheduleStore store, List<TargetConfig> targets, List<RunbookLauncher> launchers)
      throws SchedulerException {
    Properties props = properties(name, targets.size());
    DBConnectionManager.getInstance().addConnectionProvider(name, store);
    props.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    props.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    props.setProperty("org.quartz.jobStore.dataSource", name);
    props.setProperty("org.quartz.jobStore.useProperties", "true");
    props.setProperty("org.quartz.jobStore.isClustered", "true");
    // Without the lock, two daemons can both acquire one trigger (Quartz issue #107); drd's few
    // triggers make the lock cheap.
    props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    props.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(store.checkinInterval().toMillis()));
    RunbookScheduler started = start(props, targets, launchers);
    log.info(
        "the schedule {} is shared through schedule.cluster; this daemon is its instance {}",
        name,
        started.scheduler.getSchedulerInstanceId());
    return started;
  }

  /** Connections a clustered scheduler holds at most: its threads, its own and the cluster's. */
  public static int connectionsNeeded(int targets) {
    return threads(targets) + 3;
  }

  /** Threads that start workflows at fire times: 2, and one more per 20 targets, at most 10. */
  static int threads(int targets) {
    return Math.clamp(MIN_THREADS + targets / TARGETS_PER_THREAD, MIN_THREADS, MAX_THREADS);
  }

  private static Properties properties(String name, int targets) {
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads(targets)));
    return props;
  }

  private static RunbookScheduler start(
      Properties props, List<TargetConfig> targets, List<RunbookLauncher> launchers)
      throws SchedulerException {
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    Map<String, RunbookLauncher> byRunbook =
        launchers.stream().collect(Collectors.toMap(RunbookLauncher::runbook, Function.identity()));
    scheduler.setJobFactory((bundle, s) -> new StartRunbookJob(byRunbook, targets));
    try {
      align(scheduler, wanted(targets, launchers));
      scheduler.start();
    } catch (SchedulerException | RuntimeException e) {
      scheduler.shutdown(false);
      throw e;
    }
    return new RunbookScheduler(scheduler);
  }

  private record Scheduled(JobDetail job, CronTrigger trigger, String description) {}

  /** A runbook's schedule for one target and its next fire times. */
  public record Upcoming(
      String runbook, String target, String cron, String timezone, List<Instant> next) {}

  /**
   * The next {@code count} fire times after {@code from} of every scheduled runbook: what the
   * daemons fire, once each, clustered or not.
   */
  public static List<Upcoming> upcoming(
      List<TargetConfig> targets, List<RunbookLauncher> launchers, Instant from, int count) {
    List<Upcoming> upcoming = new ArrayList<>();
    for (RunbookLauncher launcher : launchers) {
      for (TargetConfig target : targets) {
        String cron = launcher.schedule(target).orElse(null);
        if (cron == null) {
          continue;
        }
        CronExpression expression;
        try {
          expression = new CronExpression(CronSchedules.toQuartz(cron));
        } catch (java.text.ParseException e) {
          throw new IllegalStateException("a validated cron did not parse: " + cron, e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(ZoneId.of(launcher.timezone(target))));
        List<Instant> next = new ArrayList<>();
        Date at = Date.from(from);
        while (next.size() < count && (at = expression.getNextValidTimeAfter(at)) != null) {
          next.add(at.toInstant());
        }
        upcoming.add(
            new Upcoming(launcher.runbook(), target.name(), cron, launcher.timezone(target), next));
      }
    }
    return upcoming;
  }

  private static List<Scheduled> wanted(
      List<TargetConfig> targets, List<RunbookLauncher> launchers) {
    List<Scheduled> wanted = new ArrayList<>();
    for (RunbookLauncher launcher : launchers) {
      for (TargetConfig target : targets) {
        String cron = launcher.schedule(target).orElse(null);
        if (cron == null) {
          continue;
        }
        String identity = launcher.runbook() + "-" + target.name();
        JobDetail job =
            JobBuilder.newJob(StartRunbookJob.class)
                .withIdentity(identity, GROUP)
                .usingJobData(StartRunbookJob.RUNBOOK, launcher.runbook())
                .usingJobData(StartRunbookJob.TARGET, target.name())
                .build();
        CronTrigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity(identity, GROUP)
                .withSchedule(
                    CronScheduleBuilder.cronSchedule(CronSchedules.toQuartz(cron))
                        .inTimeZone(TimeZone.getTimeZone(ZoneId.of(launcher.timezone(target))))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        wanted.add(
            new Scheduled(
                job,
                trigger,
                "%ss of %s: '%s' (%s)"
                    .formatted(
                        launcher.runbook(), target.name(), cron, launcher.timezone(target))));
      }
    }
    return wanted;
  }

  /**
   * Adds the triggers the store lacks, replaces those whose cron or time zone changed, keeps the
   * rest as they are (with their next fire time), and removes those of runbooks and targets no
   * longer configured.
   */
  private static void align(Scheduler scheduler, List<Scheduled> wanted) throws SchedulerException {
    Set<TriggerKey> keys = new HashSet<>();
    for (Scheduled s : wanted) {
      TriggerKey key = s.trigger().getKey();
      keys.add(key);
      Trigger existing = scheduler.getTrigger(key);
      if (existing == null) {
        try {
          scheduler.scheduleJob(s.job(), s.trigger());
          log.info("scheduled {}, next at {}", s.description(), next(s.trigger()));
        } catch (ObjectAlreadyExistsException e) {
          log.info("scheduled {} (by another daemon starting now)", s.description());
        }
      } else if (sameSchedule(existing, s.trigger())) {
        log.info("scheduled {}, next at {}", s.description(), next(existing));
      } else {
        scheduler.addJob(s.job(), true, true);
        scheduler.rescheduleJob(key, s.trigger());
        log.info("rescheduled {}, next at {}", s.description(), next(s.trigger()));
      }
    }
    for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
      if (!keys.contains(key)) {
        scheduler.deleteJob(scheduler.getTrigger(key).getJobKey());
        log.info("unscheduled {}: no longer in the config", key.getName());
      }
    }
  }

  private static boolean sameSchedule(Trigger existing, CronTrigger wanted) {
    return existing instanceof CronTrigger cron
        && cron.getCronExpression().equals(wanted.getCronExpression())
        && cron.getTimeZone().getID().equals(wanted.getTimeZone().getID());
  }

  private static Object next(Trigger trigger) {
    Date next = trigger.getNextFireTime();
    return next != null ? next.toInstant() : "never";
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
