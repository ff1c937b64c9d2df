package dev.drd.failover;

import java.util.ArrayList;
import java.util.List;

public record PreflightReport(List<PreflightCheck> checks) {
  public static final String REPLICA_REACHABLE = "replica-reachable";
  public static final String REPLICA_IN_RECOVERY = "replica-in-recovery";
  public static final String REPLICA_LAG = "replica-lag";
  public static final String DNS = "dns";

  /** The failed checks that --force does not name. */
  public List<PreflightCheck> blocking(List<String> forced) {
    return checks.stream().filter(c -> !c.passed() && !forced.contains(c.name())).toList();
  }

  /** The names of the checks a runbook's preflight runs, which --force accepts. */
  public static List<String> checkNames(FailoverRunbook runbook) {
    List<String> names =
        new ArrayList<>(List.of(REPLICA_REACHABLE, REPLICA_IN_RECOVERY, REPLICA_LAG));
    runbook.scaleUp().workloads().stream()
        .map(w -> clusterCheckName(runbook, w.context()))
        .distinct()
        .forEach(names::add);
    names.add(DNS);
    return names;
  }

  static String clusterCheckName(FailoverRunbook runbook, String context) {
    return "cluster-" + runbook.to() + (context == null ? "" : "-" + context);
  }
}
