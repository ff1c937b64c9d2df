package dev.drd.failover;

import java.util.ArrayList;
import java.util.List;

public record PreflightReport(List<PreflightCheck> checks) {
  /** The failed checks that --force does not name. */
  public List<PreflightCheck> blocking(List<String> forced) {
    return checks.stream().filter(c -> !c.passed() && !forced.contains(c.name())).toList();
  }

  /** The names of the checks a runbook's preflight runs, which --force accepts. */
  public static List<String> checkNames(FailoverRunbook runbook) {
    List<String> names =
        new ArrayList<>(List.of("replica-reachable", "replica-in-recovery", "replica-lag"));
    runbook.scaleUp().workloads().stream()
        .map(w -> clusterCheckName(runbook, w.context()))
        .distinct()
        .forEach(names::add);
    names.add("dns");
    return names;
  }

  static String clusterCheckName(FailoverRunbook runbook, String context) {
    return "cluster-" + runbook.to() + (context == null ? "" : "-" + context);
  }
}
