package dev.drd.cluster;

/**
 * A scalable workload in a cluster.
 *
 * @param context the kubeconfig context (null: the current one, or in-cluster)
 * @param kind {@code Deployment} or {@code StatefulSet}
 */
public record Workload(String context, String namespace, String kind, String name) {
  public String describe() {
    return "%s %s/%s%s"
        .formatted(kind, namespace, name, context == null ? "" : " (context " + context + ")");
  }
}
