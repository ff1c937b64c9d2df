package dev.drd.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.Arrays;
import java.util.List;

/** The kinds of workload drd scales, with their API resource names (as RBAC rules spell them). */
public enum WorkloadKind {
  DEPLOYMENT("Deployment", "deployments"),
  STATEFUL_SET("StatefulSet", "statefulsets");

  private final String kind;
  private final String resource;

  WorkloadKind(String kind, String resource) {
    this.kind = kind;
    this.resource = resource;
  }

  static WorkloadKind of(String kind) {
    return Arrays.stream(values())
        .filter(k -> k.kind.equals(kind))
        .findFirst()
        .orElseThrow(() ->
            new IllegalArgumentException(
                "cannot scale a workload of kind %s: the kinds drd scales are %s"
                    .formatted(kind, names())));
  }

  /** {@code Deployment}, {@code StatefulSet}: as config files and Kubernetes write them. */
  public static List<String> names() {
    return Arrays.stream(values()).map(k -> k.kind).toList();
  }

  String resource() {
    return resource;
  }

  RollableScalableResource<? extends HasMetadata> named(
      KubernetesClient client, String namespace, String name) {
    return switch (this) {
      case DEPLOYMENT -> client.apps().deployments().inNamespace(namespace).withName(name);
      case STATEFUL_SET -> client.apps().statefulSets().inNamespace(namespace).withName(name);
    };
  }
}
