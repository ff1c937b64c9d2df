package dev.drd.failover;

import java.util.ArrayList;
import java.util.List;

/** The names of a failover's preflight checks: what --force takes. */
public final class FailoverPreflight {
  public static final String REPLICA_REACHABLE = "replica-reachable";
  public static final String REPLICA_IN_RECOVERY = "replica-in-recovery";
  public static final String PRIMARY_REACHABLE = "primary-reachable";
  public static final String REPLICA_STREAMING = "replica-streaming";
  public static final String REPLICA_LAG = "replica-lag";
  public static final String DNS = "dns";
  public static final String ARCHIVE = "archive";

  private FailoverPreflight() {}

  /** The names of the checks a runbook's preflight runs, which --force accepts. */
  public static List<String> checkNames(FailoverRunbook runbook) {
    List<String> names =
        new ArrayList<>(
            List.of(
                REPLICA_REACHABLE,
                REPLICA_IN_RECOVERY,
                PRIMARY_REACHABLE,
                REPLICA_STREAMING,
                REPLICA_LAG));
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
