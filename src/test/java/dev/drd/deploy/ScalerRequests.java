package dev.drd.deploy;

import dev.drd.cluster.KubernetesScaler;
import dev.drd.cluster.Workload;
import dev.drd.deploy.Rbac.ApiRequest;
import dev.drd.runbook.ScaledWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What KubernetesScaler asks the Kubernetes API, recorded by fabric8's mock API server. */
final class ScalerRequests {
  private ScalerRequests() {}

  /**
   * Runs the scaler for every workload as a runbook does (preflight, replicas, scale) and returns
   * its requests. Contexts are left out: a Role is for the cluster it is applied in, whichever
   * context names that cluster.
   */
  static Set<ApiRequest> of(
      KubernetesClient client, KubernetesMockServer server, List<ScaledWorkload> workloads)
      throws InterruptedException {
    Set<Workload> distinct = new LinkedHashSet<>();
    workloads.forEach(w -> distinct.add(new Workload(null, w.namespace(), w.kind(), w.name())));
    distinct.stream()
        .map(Workload::namespace)
        .distinct()
        .forEach(ns ->
            client
                .resource("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}".formatted(ns))
                .create());
    for (Workload w : distinct) {
      client
          .resource(
              """
              apiVersion: apps/v1
              kind: %s
              metadata: {name: %s, namespace: %s}
              spec: {replicas: 1}
              """
                  .formatted(w.kind(), w.name(), w.namespace()))
          .create();
    }
    take(server);
    try (KubernetesScaler scaler = new KubernetesScaler(client, Duration.ofSeconds(5))) {
      for (Workload w : distinct) {
        scaler.checkReachable(null, w.namespace());
        scaler.replicas(w);
        scaler.scale(w, 2);
      }
    }
    return take(server);
  }

  private static Set<ApiRequest> take(KubernetesMockServer server) throws InterruptedException {
    Set<ApiRequest> requests = new LinkedHashSet<>();
    RecordedRequest r;
    while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      requests.add(ApiRequest.of(r.getMethod(), r.getPath()));
    }
    return requests;
  }
}
