package dev.drd.runbook;

import dev.drd.cluster.Workload;

/**
 * A Deployment or StatefulSet and the replica count it is scaled to.
 *
 * @param context the kubeconfig context of the region's cluster; none: the current one
 * @param replicas the target count; 0 when scaling down and not given
 */
public record ScaledWorkload(
    String context, String namespace, String kind, String name, Integer replicas) {
  public ScaledWorkload {
    kind = kind != null ? kind : "Deployment";
    replicas = replicas != null ? replicas : 0;
  }

  public Workload workload() {
    return new Workload(context, namespace, kind, name);
  }
}
