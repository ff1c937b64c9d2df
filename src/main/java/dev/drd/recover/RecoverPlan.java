package dev.drd.recover;

import dev.drd.config.Durations;
import dev.drd.runbook.HttpCheck;
import dev.drd.runbook.PlannedStep;
import dev.drd.runbook.ScaledWorkload;
import java.util.ArrayList;
import java.util.List;

/** The exact steps a corruption recovery takes, in order: what {@code drd recover plan} prints. */
public final class RecoverPlan {
  private RecoverPlan() {}

  public static List<PlannedStep<RecoverStepKind>> of(RecoverRunbook r) {
    List<PlannedStep<RecoverStepKind>> steps = new ArrayList<>();
    List<ScaledWorkload> services = r.services().workloads();
    steps.add(
        step(
            RecoverStepKind.PREFLIGHT,
            0,
            "preflight",
            r.at() != null
                ? ("database server and the services' clusters answer; %s of %s lies in the"
                        + " recovery window, with a base backup and no gap (read-only)")
                    .formatted(r.source(), r.target())
                : ("database server and the services' clusters answer; backup %s of %s exists"
                        + " with its manifest and is read whole to check its SHA-256 (read-only)")
                    .formatted(r.backup(), r.target())));
    if (r.approval().required()) {
      steps.add(
          step(
              RecoverStepKind.APPROVAL,
              0,
              "approval",
              "wait up to %s for drd recover approve %s --by NAME"
                  .formatted(Durations.format(r.approval().timeout()), r.workflowId())));
    }
    for (int i = 0; i < services.size(); i++) {
      steps.add(
          step(
              RecoverStepKind.SCALE_DOWN,
              i,
              "stop",
              "record the replicas of %s, then scale it to 0 (within %s)"
                  .formatted(
                      services.get(i).workload().describe(),
                      Durations.format(r.services().timeout()))));
    }
    steps.add(
        step(
            RecoverStepKind.DRAIN_SESSIONS,
            0,
            "drain",
            "wait up to %s until no client session of %s's database remains, then end the rest"
                .formatted(Durations.format(r.sessions().timeout()), r.target())));
    steps.add(
        step(
            RecoverStepKind.KEEP_CORRUPT,
            0,
            "keep",
            "rename %s's database to <name>_corrupt_<time>, kept for examination"
                .formatted(r.target())));
    steps.add(
        step(
            RecoverStepKind.RESTORE,
            0,
            "restore",
            r.at() != null
                ? ("restore %s into the original name: a temporary cluster recovered from the"
                        + " base backup and WAL (each SHA-256 checked), the database copied out"
                        + " of it, then row counts vs the recovered database and %d"
                        + " assertion(s) besides the target's")
                    .formatted(r.source(), r.verify().assertions().size())
                : ("restore backup %s into the original name: SHA-256 checked first, pg_restore,"
                        + " then row counts vs the manifest and %d assertion(s) besides the"
                        + " target's")
                    .formatted(r.backup(), r.verify().assertions().size())));
    for (int i = 0; i < services.size(); i++) {
      steps.add(
          step(
              RecoverStepKind.SCALE_UP,
              i,
              "start",
              "%s back to its recorded count, wait until ready (within %s)"
                  .formatted(
                      services.get(i).workload().describe(),
                      Durations.format(r.services().timeout()))));
    }
    for (int i = 0; i < r.postChecks().http().size(); i++) {
      HttpCheck check = r.postChecks().http().get(i);
      steps.add(
          step(
              RecoverStepKind.HTTP_CHECK,
              i,
              "post-check",
              "GET %s answers 2xx (within %s)"
                  .formatted(check.url(), Durations.format(check.timeout()))));
    }
    if (r.postChecks().sqlWrite()) {
      steps.add(
          step(
              RecoverStepKind.SQL_CHECK,
              0,
              "post-check",
              "a write test on %s's restored database (a temporary table)".formatted(r.target())));
    }
    return steps;
  }

  private static PlannedStep<RecoverStepKind> step(
      RecoverStepKind kind, int index, String name, String detail) {
    return new PlannedStep<>(kind, index, name, detail, false);
  }
}
