package dev.drd.cluster;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Scales Deployments and StatefulSets through the Kubernetes API (fabric8), one client per
 * kubeconfig context. Requests time out quickly: the API of a failed region may hang.
 */
public final class KubernetesScaler implements ClusterScaler, AutoCloseable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final KubernetesClient current;
  private final Duration timeout;
  private final Map<String, KubernetesClient> opened = new HashMap<>();

  /** Connects to each context on first use: kubeconfig, or in-cluster config inside a pod. */
  public KubernetesScaler(Duration timeout) {
    this(null, timeout);
  }

  /**
   * Uses {@code current} for the null context (the caller closes it); other contexts come from the
   * kubeconfig.
   */
  public KubernetesScaler(KubernetesClient current, Duration timeout) {
    this.current = current;
    this.timeout = timeout;
  }

  /** A client with short timeouts and no retries of its own. */
  public static KubernetesClient connect(Config config, Duration timeout) {
    int millis = Math.toIntExact(timeout.toMillis());
    config.setConnectionTimeout(millis);
    config.setRequestTimeout(millis);
    // The activity is retried by Temporal; retries inside the client would multiply the time a
    // hung API server holds the failover.
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void checkReachable(String context, String namespace) {
    KubernetesClient client = client(context);
    String subject = "namespace " + namespace + inContext(context);
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        throw ClusterFailures.missing(subject, null);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw classify(e, client, "get namespaces", subject);
      }
      // A service account confined to its namespaces may not read Namespace objects; a list
      // proves the API answers and grants access here, though not that the namespace exists.
      try {
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .list(new ListOptionsBuilder().withLimit(1L).build());
      } catch (KubernetesClientException listFailure) {
        throw classify(listFailure, client, "list deployments", subject);
      }
    }
  }

  @Override
  public Replicas replicas(Workload workload) {
    return request(
        workload,
        "get %s",
        resource -> {
          HasMetadata found = resource.get();
          return switch (found) {
            case null -> throw ClusterFailures.missing(workload.describe(), null);
            case Deployment d ->
                replicas(
                    d.getSpec().getReplicas(),
                    d.getStatus() == null ? null : d.getStatus().getReadyReplicas());
            case StatefulSet s ->
                replicas(
                    s.getSpec().getReplicas(),
                    s.getStatus() == null ? null : s.getStatus().getReadyReplicas());
            default -> throw new IllegalStateException("unexpected " + found.getKind());
          };
        });
  }

  @Override
  public int scale(Workload workload, int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative: " + replicas);
    }
    return request(
        workload,
        "get and update %s/scale",
        resource -> {
          Scale before = resource.scale();
          if (before == null) {
            throw ClusterFailures.missing(workload.describe(), null);
          }
          int previous = orZero(before.getSpec().getReplicas());
          if (previous != replicas) {
            // Sending back the resourceVersion read makes a concurrent change fail (409, retried)
            // rather than be overwritten, so `previous` is what this call replaced.
            resource.scale(
                new ScaleBuilder(before).editOrNewSpec().withReplicas(replicas).endSpec().build());
          }
          return previous;
        });
  }

  /** Closes the clients this scaler opened, not the one it was given. */
  @Override
  public synchronized void close() {
    opened.values().forEach(KubernetesClient::close);
    opened.clear();
  }

  /** {@code request} names the RBAC verbs, {@code %s} standing for the kind's resource. */
  private <T> T request(
      Workload workload,
      String request,
      Function<RollableScalableResource<? extends HasMetadata>, T> call) {
    WorkloadKind kind = WorkloadKind.of(workload.kind());
    KubernetesClient client = client(workload.context());
    try {
      return call.apply(kind.named(client, workload.namespace(), workload.name()));
    } catch (KubernetesClientException e) {
      throw classify(e, client, request.formatted(kind.resource()), workload.describe());
    }
  }

  private synchronized KubernetesClient client(String context) {
    if (context == null && current != null) {
      return current;
    }
    return opened.computeIfAbsent(context, c -> connect(kubeconfig(c), timeout));
  }

  private static Config kubeconfig(String context) {
    Config config = Config.autoConfigure(context);
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new DrdException(
          FailureType.CLUSTER_RESOURCE_MISSING,
          ("the kubeconfig has no context %s (files read: %s): add it, or fix the context in the"
                  + " config")
              .formatted(context, String.join(", ", Config.getKubeconfigFilenames())));
    }
    return config;
  }

  private static DrdException classify(
      KubernetesClientException e, KubernetesClient client, String request, String subject) {
    return ClusterFailures.classify(e, client.getConfiguration().getMasterUrl(), request, subject);
  }

  private static String inContext(String context) {
    return context == null ? "" : " (context " + context + ")";
  }

  private static Replicas replicas(Integer desired, Integer ready) {
    return new Replicas(orZero(desired), orZero(ready));
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }
}
