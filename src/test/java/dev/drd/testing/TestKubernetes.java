package dev.drd.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Objects in fabric8's mock Kubernetes API, as tests need them. */
public final class TestKubernetes {
  private TestKubernetes() {}

  public static void namespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  public static void deployment(
      KubernetesClient client, String namespace, String name, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .build())
        .create();
  }

  /**
   * What a controller would do, which the mock API lacks: makes every desired replica of the
   * namespace's deployments ready. Call it repeatedly, e.g. from a scheduled executor.
   */
  public static void makeReplicasReady(KubernetesClient client, String namespace) {
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      Integer want = d.getSpec().getReplicas();
      Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
      if (want != null && !want.equals(ready)) {
        d.setStatus(new DeploymentStatus());
        d.getStatus().setReadyReplicas(want);
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
      }
    }
  }

  public static Integer desiredReplicas(KubernetesClient client, String namespace, String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }
}
