package dev.drd.failover;

import dev.drd.config.DataSize;
import dev.drd.config.Durations;
import dev.drd.runbook.HttpCheck;
import dev.drd.runbook.PlannedStep;
import dev.drd.runbook.ScaleStep;
import dev.drd.runbook.ScaledWorkload;
import java.util.ArrayList;
import java.util.List;

/** The exact, ordered steps a failover runbook will take; printed by {@code drd failover plan}. */
public final class FailoverPlan {
  private FailoverPlan() {}

  public static List<PlannedStep<StepKind>> of(FailoverRunbook r) {
    List<PlannedStep<StepKind>> steps = new ArrayList<>();
    DatabaseSwitch db = r.database();
    steps.add(
        step(
            StepKind.PREFLIGHT,
            0,
            "replica %s reachable and in recovery, lag within %s; clusters of %s and %s answer; DNS zone %s answers (read-only)"
                .formatted(db.promote(), lag(db.maxLag()), r.from(), r.to(), r.dns().zone())));
    if (r.approval().required()) {
      steps.add(
          step(
              StepKind.APPROVAL,
              0,
              "wait up to %s for drd failover approve %s --by NAME"
                  .formatted(Durations.format(r.approval().timeout()), r.workflowId())));
    }
    scaling(steps, StepKind.SCALE_DOWN, r.from(), r.scaleDown(), "");
    if (db.fence() != null) {
      steps.add(
          step(
              StepKind.FENCE,
              0,
              "old primary %s: read-only, client sessions ended (where reachable)"
                  .formatted(db.fence())));
    }
    steps.add(
        step(
            StepKind.PROMOTE,
            0,
            "replica %s: pg_promote, wait until it takes writes".formatted(db.promote())));
    DnsSwitch dns = r.dns();
    steps.add(
        step(
            StepKind.SWITCH_DNS,
            0,
            "%s %s → %s (TTL %ds) via %s, wait until in sync"
                .formatted(
                    dns.record(),
                    dns.type(),
                    dns.value(),
                    dns.ttl(),
                    DnsRouters.RECORDING.equals(dns.provider())
                        ? "recording (dev mode's stand-in: no DNS server is changed)"
                        : dns.provider())));
    scaling(steps, StepKind.SCALE_UP, r.to(), r.scaleUp(), ", wait until ready");
    for (int i = 0; i < r.postChecks().http().size(); i++) {
      HttpCheck check = r.postChecks().http().get(i);
      steps.add(
          step(
              StepKind.HTTP_CHECK,
              i,
              "GET %s answers 2xx (within %s)"
                  .formatted(check.url(), Durations.format(check.timeout()))));
    }
    if (r.postChecks().sqlWrite()) {
      steps.add(
          step(
              StepKind.SQL_CHECK,
              0,
              "a write test on %s (a temporary table)".formatted(db.promote())));
    }
    return steps;
  }

  /** Steps in the failed region are best effort: it may be gone. */
  private static PlannedStep<StepKind> step(StepKind kind, int index, String detail) {
    String name =
        switch (kind) {
          case PREFLIGHT -> "preflight";
          case APPROVAL -> "approval";
          case SCALE_DOWN -> "scale down";
          case FENCE -> "fence";
          case PROMOTE -> "promote";
          case SWITCH_DNS -> "switch DNS";
          case SCALE_UP -> "scale up";
          case HTTP_CHECK, SQL_CHECK -> "post-check";
        };
    boolean bestEffort = kind == StepKind.SCALE_DOWN || kind == StepKind.FENCE;
    return new PlannedStep<>(kind, index, name, detail, bestEffort);
  }

  private static void scaling(
      List<PlannedStep<StepKind>> steps,
      StepKind kind,
      String region,
      ScaleStep step,
      String waiting) {
    for (int i = 0; i < step.workloads().size(); i++) {
      ScaledWorkload w = step.workloads().get(i);
      steps.add(
          step(
              kind,
              i,
              "%s in %s → %d replicas%s (within %s)"
                  .formatted(
                      w.workload().describe(),
                      region,
                      w.replicas(),
                      waiting,
                      Durations.format(step.timeout()))));
    }
  }

  private static String lag(MaxLag max) {
    if (max.bytes() == null && max.time() == null) {
      return "any (no limit set)";
    }
    List<String> parts = new ArrayList<>();
    if (max.bytes() != null) {
      parts.add(DataSize.format(max.bytes().bytes()));
    }
    if (max.time() != null) {
      parts.add(Durations.format(max.time()));
    }
    return String.join(" and ", parts);
  }
}
