package dev.drd.recover;

import dev.drd.archive.PitrPlan;
import dev.drd.archive.PitrRequest;
import dev.drd.archive.PitrResult;
import dev.drd.archive.PointInTimeActivities;
import dev.drd.archive.PointInTimeRestoreWorkflow;
import dev.drd.config.Durations;
import dev.drd.failure.FailureType;
import dev.drd.recover.RecoverActivities.DrainRequest;
import dev.drd.recover.RecoverActivities.DrainResult;
import dev.drd.recover.RecoverActivities.KeepCorruptRequest;
import dev.drd.recover.RecoverActivities.PostCheckRequest;
import dev.drd.recover.RecoverActivities.RecoveryPreflight;
import dev.drd.restore.ResolveRequest;
import dev.drd.restore.ResolvedBackup;
import dev.drd.restore.RestoreActivities;
import dev.drd.restore.RestoreRequest;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.RestoreWorkflow;
import dev.drd.runbook.OperatorWorkflow;
import dev.drd.runbook.PlannedStep;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.ScaledWorkload;
import dev.drd.runbook.StepStatus;
import dev.drd.temporal.ActivityStubs;
import dev.drd.temporal.Failures;
import dev.drd.temporal.Retries;
import dev.drd.temporal.WorkQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class RecoverWorkflowImpl extends OperatorWorkflow<RecoverStepKind>
    implements RecoverWorkflow {
  static final String RUNBOOK = "recover";
  private static final Duration STEP_SLACK = Duration.ofMinutes(1);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private final RecoverActivities quick = recovery(Duration.ofMinutes(2), 3);
  private final RestoreActivities restoreQuick =
      ActivityStubs.limited(
          RestoreActivities.class, WorkQueues.Kind.DATA, Duration.ofMinutes(2), 5);

  /** Reads the whole backup: a dead worker is noticed by its missing heartbeats. */
  private final RestoreActivities restoreReading =
      Workflow.newActivityStub(
          RestoreActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(WorkQueues.forActivities(WorkQueues.Kind.DATA))
              .setStartToCloseTimeout(Duration.ofHours(12))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  Retries.exponential(Duration.ofSeconds(10), Duration.ofMinutes(2), 3))
              .build());

  private final PointInTimeActivities pointInTime =
      ActivityStubs.limited(
          PointInTimeActivities.class, WorkQueues.Kind.DATA, Duration.ofMinutes(5), 3);

  private RecoverRunbook runbook;
  private ResolvedBackup backup;
  private PitrPlan pitrPlan;
  private PitrResult pitrResult;
  private String database;

  /** Desired replicas of each service before it was stopped, by workload index. */
  private final Map<Integer, Integer> recorded = new TreeMap<>();

  private Instant stoppedAt;
  private Instant writersGoneAt;
  private String stamp;
  private String keptAs;
  private int restoreAttempts;

  public RecoverWorkflowImpl() {
    super(RUNBOOK, FailureType.RECOVERY_ABORTED);
  }

  @Override
  public RunbookProgress run(RecoverRequest request) {
    runbook = request.runbook();
    begin("%s from %s".formatted(runbook.target(), runbook.source()), RecoverPlan.of(runbook));
    preflight();
    steps.approval(
        runbook.approval(),
        () -> indexOf(RecoverStepKind.APPROVAL),
        request.approved(),
        request.startedBy());
    steps.state(RunbookStatus.RUNNING);
    for (int i = 0; i < plan.size(); i++) {
      PlannedStep<RecoverStepKind> step = plan.get(i);
      if (step.kind() != RecoverStepKind.PREFLIGHT && step.kind() != RecoverStepKind.APPROVAL) {
        steps.run(i, () -> execute(step), this::abort);
      }
    }
    report();
    steps.completed();
    return steps.progress();
  }

  /**
   * Nothing is stopped before the backup is proven whole: a bad checksum found here costs no
   * downtime, found during the restore it would leave the services stopped. The quick checks come
   * first: reading a large backup is not worth it while the cluster or the server does not answer.
   */
  private void preflight() {
    int i = indexOf(RecoverStepKind.PREFLIGHT);
    steps.mark(i, StepStatus.RUNNING, null);
    List<PreflightCheck> checks = new ArrayList<>();
    try {
      RecoveryPreflight found = quick.preflight(runbook);
      database = found.database();
      checks.addAll(found.report().checks());
    } catch (ActivityFailure e) {
      checks.add(new PreflightCheck("preflight", false, Failures.rootMessage(e)));
    }
    if (runbook.at() != null) {
      planPointInTime(checks);
    } else {
      resolveBackup(checks);
    }
    PreflightReport report = new PreflightReport(checks);
    if (!report.blocking(List.of()).isEmpty()) {
      steps.fail(
          i,
          FailureType.PREFLIGHT_FAILED,
          "preflight refused, nothing was changed: %s. Fix it and start again; %s"
              .formatted(
                  report.summary(),
                  runbook.at() != null
                      ? "with another point: drd recover start --at TIME (drd archive status"
                          + " shows the recovery window)"
                      : "with another backup: drd recover start --backup KEY (drd backup list"
                          + " shows the keys)"));
    }
    steps.mark(i, StepStatus.DONE, report.summary());
  }

  /** The point must lie in the recovery window; the base backup's checksum is checked later. */
  private void planPointInTime(List<PreflightCheck> checks) {
    try {
      pitrPlan = pointInTime.planPointInTime(PitrRequest.drill(runbook.target(), runbook.at()));
      checks.add(
          new PreflightCheck(
              "point-in-time",
              true,
              ("%s: base backup %s (finished %s), WAL to %s; each object's SHA-256 is checked as"
                      + " it is read, before the database is touched")
                  .formatted(
                      pitrPlan.point(),
                      pitrPlan.base().key(),
                      pitrPlan.base().finishedAt(),
                      pitrPlan.archiveEndLsn())));
    } catch (ActivityFailure e) {
      checks.add(new PreflightCheck("point-in-time", false, Failures.rootMessage(e)));
    }
  }

  private void resolveBackup(List<PreflightCheck> checks) {
    try {
      backup = restoreQuick.resolve(new ResolveRequest(runbook.target(), runbook.backup()));
      checks.add(
          new PreflightCheck(
              "backup",
              true,
              "%s, taken %s, %d tables, %d rows"
                  .formatted(backup.key(), backup.takenAt(), backup.tables(), backup.rows())));
      if (checks.stream().allMatch(PreflightCheck::passed)) {
        checks.add(new PreflightCheck("backup-checksum", true, restoreReading.checkBackup(backup)));
      }
    } catch (ActivityFailure e) {
      checks.add(
          new PreflightCheck(
              backup == null ? "backup" : "backup-checksum", false, Failures.rootMessage(e)));
    }
  }

  private String execute(PlannedStep<RecoverStepKind> step) {
    return switch (step.kind()) {
      case SCALE_DOWN -> stop(step.index());
      case DRAIN_SESSIONS -> drain();
      case KEEP_CORRUPT -> keep();
      case RESTORE -> restore();
      case SCALE_UP -> start(step.index());
      case HTTP_CHECK -> {
        Duration timeout = runbook.postChecks().http().get(step.index()).timeout();
        yield recovery(timeout.plus(STEP_SLACK), 3).check(postCheck(step));
      }
      case SQL_CHECK -> quick.check(postCheck(step));
      case PREFLIGHT, APPROVAL -> throw new IllegalStateException(step.kind() + " runs apart");
    };
  }

  private PostCheckRequest postCheck(PlannedStep<RecoverStepKind> step) {
    return new PostCheckRequest(runbook, step.kind(), step.index());
  }

  /** The count is recorded once, before the first scaling: a retried stop cannot lose it. */
  private String stop(int index) {
    ScaledWorkload w = runbook.services().workloads().get(index);
    if (!recorded.containsKey(index)) {
      recorded.put(index, quick.replicas(w));
    }
    Duration timeout = runbook.services().timeout();
    recovery(timeout, 1).scale(new ScaleRequest(w, 0, false, timeout));
    stoppedAt = now();
    return "%d → 0 replicas (the count to start it with again)".formatted(recorded.get(index));
  }

  private String drain() {
    Duration timeout = runbook.sessions().timeout();
    DrainResult r =
        waiting(timeout.plus(STEP_SLACK))
            .drainSessions(new DrainRequest(runbook.target(), timeout));
    writersGoneAt = now();
    return r.ended().isEmpty()
        ? "no client session left after %s".formatted(Durations.format(r.waited()))
        : "%d session(s) still open after %s were ended: %s"
            .formatted(
                r.ended().size(), Durations.format(r.waited()), String.join("; ", r.ended()));
  }

  /** The name is fixed at the first attempt, so that a retry finds what it may have done. */
  private String keep() {
    if (stamp == null) {
      stamp = STAMP.format(now());
    }
    keptAs = quick.keepCorrupt(new KeepCorruptRequest(runbook.target(), stamp));
    return "kept as %s for examination; drop it later with DROP DATABASE %s"
        .formatted(keptAs, keptAs);
  }

  /**
   * Restores into the original name. It is free unless the keep step was skipped, or an earlier
   * attempt of this step restored into it: then the restore replaces what is there.
   */
  private String restore() {
    restoreAttempts++;
    if (pitrPlan != null) {
      return restorePointInTime();
    }
    boolean replace =
        restoreAttempts > 1
            || steps.step(indexOf(RecoverStepKind.KEEP_CORRUPT)).state() == StepStatus.SKIPPED;
    RestoreWorkflow child =
        Workflow.newChildWorkflowStub(
            RestoreWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setMemo(WorkQueues.forChildren())
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "/restore-" + restoreAttempts)
                .build());
    RestoreResult r =
        child.run(
            new RestoreRequest(
                runbook.target(),
                backup.key(),
                runbook.target(),
                database,
                null,
                replace,
                false,
                runbook.verify().assertions()));
    return "%s%s into %s in %s: sha256 verified, %d tables with %d rows match the manifest, %d assertion(s) passed"
        .formatted(
            replace ? "replaced with " : "restored ",
            r.backupKey(),
            r.database(),
            Durations.format(r.recoveryTime()),
            r.verification().tablesChecked(),
            r.verification().rowsExpected(),
            r.verification().assertions().size());
  }

  /**
   * Copies the database at the planned point out of a temporary cluster into the original name,
   * which must be free or empty: the keep step frees it, and a failed copy drops what it created.
   */
  private String restorePointInTime() {
    PointInTimeRestoreWorkflow child =
        Workflow.newChildWorkflowStub(
            PointInTimeRestoreWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setMemo(WorkQueues.forChildren())
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "/pitr-" + restoreAttempts)
                .build());
    pitrResult =
        child.run(
            PitrRequest.into(
                runbook.target(),
                pitrPlan.point(),
                database,
                runbook.target(),
                runbook.verify().assertions()));
    return ("restored %s into %s in %s: reached %s (last commit %s), %d tables with %d rows match"
            + " the recovered server, %d assertion(s) passed")
        .formatted(
            runbook.source(),
            pitrResult.database(),
            Durations.format(pitrResult.recoveryTime()),
            pitrResult.reachedLsn(),
            pitrResult.reachedCommitTime() == null ? "none" : pitrResult.reachedCommitTime(),
            pitrResult.verification().tablesChecked(),
            pitrResult.verification().rowsFound(),
            pitrResult.verification().assertions().size());
  }

  private String start(int index) {
    ScaledWorkload w = runbook.services().workloads().get(index);
    Integer count = recorded.get(index);
    if (count == null) {
      return "no count was recorded (its stop was skipped before reading one): left as it is";
    }
    Duration timeout = runbook.services().timeout();
    ScaleResult r =
        waiting(timeout.plus(STEP_SLACK)).scale(new ScaleRequest(w, count, true, timeout));
    return "%d → %d replicas, %d ready".formatted(r.previous(), count, r.ready());
  }

  /** RTO and the data loss window, measured by the workflow's clock. */
  private void report() {
    Instant end = now();
    steps.figure(
        "rto",
        Duration.between(steps.startedAt(), end),
        "from the start of the recovery to the post-checks passing, %s of it waiting for people"
            .formatted(Durations.format(steps.waitedForPeople())));
    Instant writersGone =
        writersGoneAt != null ? writersGoneAt : stoppedAt != null ? stoppedAt : end;
    if (pitrPlan != null) {
      Instant point =
          pitrResult != null && pitrResult.reachedCommitTime() != null
              ? pitrResult.reachedCommitTime()
              : writersGone;
      steps.figure(
          "data-loss-window",
          Duration.between(point, writersGone),
          ("writes after %s (the last commit replayed, %s) up to the stop of its clients (%s)"
                  + " are not in the restored database%s")
              .formatted(
                  runbook.source(),
                  point,
                  writersGone,
                  keptAs == null ? "" : "; the kept copy " + keptAs + " holds them"));
      return;
    }
    steps.figure(
        "data-loss-window",
        Duration.between(backup.takenAt(), writersGone),
        ("writes between the backup %s (taken %s) and the stop of its clients (%s) are not in the"
                + " restored database%s")
            .formatted(
                backup.key(),
                backup.takenAt(),
                writersGone,
                keptAs == null ? "" : "; the kept copy " + keptAs + " may still hold them"));
  }

  /**
   * Before the database may have been touched, the services go back to the counts they had. After
   * it, nothing is undone: starting them on a database that is neither the old one nor verified
   * could make things worse. Once the keep step has run, the rename may have happened even when the
   * step failed, so that counts as touched.
   */
  private void abort(int failed, String why) {
    steps.state(RunbookStatus.ABORTING);
    boolean touched =
        steps.step(indexOf(RecoverStepKind.KEEP_CORRUPT)).attempts() > 0 || restoreAttempts > 0;
    String outcome = touched ? leftAsItIs() : startAgain();
    steps.abort(
        failed,
        why,
        "recovery aborted by %s at step %d (%s). %s"
            .formatted(steps.decidedBy(), failed + 1, plan.get(failed).step(), outcome));
  }

  private String leftAsItIs() {
    List<String> started = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    for (Map.Entry<Integer, Integer> e : recorded.entrySet()) {
      String service = runbook.services().workloads().get(e.getKey()).name();
      boolean up =
          steps.step(indexOf(RecoverStepKind.SCALE_UP, e.getKey())).state() == StepStatus.DONE;
      (up ? started : stopped).add("%s %d".formatted(service, e.getValue()));
    }
    String restored =
        steps.step(indexOf(RecoverStepKind.RESTORE)).state() == StepStatus.DONE
            ? "the restored database passed verification"
            : "the database was renamed or restored into and is not verified";
    return ("Nothing was undone: %s. Started again: %s; still stopped (recorded counts): %s.%s See"
            + " runbooks/recover.md, \"After an abort\".")
        .formatted(
            restored,
            started.isEmpty() ? "none" : String.join(", ", started),
            stopped.isEmpty() ? "none" : String.join(", ", stopped),
            keptAs == null ? "" : " The corrupt database is kept as " + keptAs + ".");
  }

  private String startAgain() {
    List<String> undone = new ArrayList<>();
    for (Map.Entry<Integer, Integer> e : recorded.entrySet()) {
      ScaledWorkload w = runbook.services().workloads().get(e.getKey());
      Duration timeout = runbook.services().timeout();
      try {
        recovery(timeout, 1).scale(new ScaleRequest(w, e.getValue(), false, timeout));
        undone.add("%s back to %d".formatted(w.workload().describe(), e.getValue()));
      } catch (ActivityFailure f) {
        undone.add(
            "%s NOT scaled back: %s".formatted(w.workload().describe(), Failures.rootMessage(f)));
      }
    }
    return undone.isEmpty()
        ? "Nothing had been changed that needed undoing."
        : "The database was not touched. Undone: " + String.join("; ", undone) + ".";
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static RecoverActivities recovery(Duration timeout, int attempts) {
    return ActivityStubs.limited(
        RecoverActivities.class, WorkQueues.Kind.OPERATOR, timeout, attempts);
  }

  private static RecoverActivities waiting(Duration timeout) {
    return ActivityStubs.waiting(RecoverActivities.class, WorkQueues.Kind.OPERATOR, timeout);
  }
}
