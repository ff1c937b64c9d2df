package dev.drd.failover;

import dev.drd.config.DataSize;
import dev.drd.config.Durations;
import java.util.ArrayList;
import java.util.List;

/** The exact, ordered steps a failover runbook will take; printed by {@code drd failover plan}. */
public final class FailoverPlan {
  private FailoverPlan() {}

  public static List<PlannedStep> of(FailoverRunbook r) {
    List<PlannedStep> steps = new ArrayList<>();
    DatabaseSwitch db = r.database();
    steps.add(
        new PlannedStep(
            "preflight",
            "replica %s reachable and in recovery, lag within %s; clusters of %s and %s answer; DNS zone %s answers (read-only)"
                .formatted(db.promote(), lag(db.maxLag()), r.from(), r.to(), r.dns().zone()),
            false));
    if (r.approval().required()) {
      steps.add(
          new PlannedStep(
              "approval",
              "wait up to %s for drd failover approve %s --by NAME"
                  .formatted(Durations.format(r.approval().timeout()), r.workflowId()),
              false));
    }
    scaling(steps, "scale down", r.from(), r.scaleDown(), "", true);
    if (db.fence() != null) {
      steps.add(
          new PlannedStep(
              "fence",
              "old primary %s: read-only, client sessions ended (where reachable)"
                  .formatted(db.fence()),
              true));
    }
    steps.add(
        new PlannedStep(
            "promote",
            "replica %s: pg_promote, wait until it takes writes".formatted(db.promote()),
            false));
    DnsSwitch dns = r.dns();
    steps.add(
        new PlannedStep(
            "switch DNS",
            "%s %s → %s (TTL %ds) via %s, wait until in sync"
                .formatted(dns.record(), dns.type(), dns.value(), dns.ttl(), dns.provider()),
            false));
    scaling(steps, "scale up", r.to(), r.scaleUp(), ", wait until ready", false);
    for (HttpCheck check : r.postChecks().http()) {
      steps.add(
          new PlannedStep(
              "post-check",
              "GET %s answers 2xx (within %s)"
                  .formatted(check.url(), Durations.format(check.timeout())),
              false));
    }
    if (r.postChecks().sqlWrite()) {
      steps.add(
          new PlannedStep(
              "post-check",
              "a write test on %s (a temporary table)".formatted(db.promote()),
              false));
    }
    return steps;
  }

  private static void scaling(
      List<PlannedStep> steps,
      String name,
      String region,
      ScaleStep step,
      String waiting,
      boolean bestEffort) {
    for (ScaledWorkload w : step.workloads()) {
      steps.add(
          new PlannedStep(
              name,
              "%s in %s → %d replicas%s (within %s)"
                  .formatted(
                      w.workload().describe(),
                      region,
                      w.replicas(),
                      waiting,
                      Durations.format(step.timeout())),
              bestEffort));
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
