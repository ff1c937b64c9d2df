package dev.drd.cluster;

/**
 * Scales the services of a region during a failover. Methods do not wait: the failover's activities
 * poll {@link #replicas} and heartbeat meanwhile. Failures are {@link
 * dev.drd.failure.DrdException}s of the CLUSTER_* types, saying what to check.
 */
public interface ClusterScaler {
  /** Fails unless the cluster's API answers and the namespace exists. Read-only (preflight). */
  void checkReachable(String context, String namespace);

  Replicas replicas(Workload workload);

  /** Sets the desired replicas; returns the desired count before. Idempotent. */
  int scale(Workload workload, int replicas);
}
