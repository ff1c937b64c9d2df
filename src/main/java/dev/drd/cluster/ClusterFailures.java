package dev.drd.cluster;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/** Turns Kubernetes API errors into failures that say what failed and what to do next. */
final class ClusterFailures {
  private ClusterFailures() {}

  /**
   * @param apiServer the API server's URL
   * @param request the RBAC verb and resource, e.g. {@code update deployments/scale}
   * @param subject what the request was about, e.g. {@code Deployment shop/frontend (context eu)}
   */
  static DrdException classify(
      KubernetesClientException e, String apiServer, String request, String subject) {
    int code = e.getCode();
    if (code == 401) {
      return new DrdException(
          FailureType.CLUSTER_REFUSED,
          ("the Kubernetes API at %s rejected the daemon's credentials (%s %s): renew the token or"
                  + " client certificate of the kubeconfig context, or the service account token")
              .formatted(apiServer, request, subject),
          e);
    }
    if (code == 403) {
      return new DrdException(
          FailureType.CLUSTER_REFUSED,
          ("the daemon's service account lacks permission to %s for %s: grant it (see"
                  + " deploy/kubernetes RBAC); retrying will not help")
              .formatted(request, subject),
          e);
    }
    if (code == 404) {
      return missing(subject, e);
    }
    // No HTTP status (fabric8 reports -1 or 0): the request never got an answer.
    if (code <= 0 && causedBy(e, SSLHandshakeException.class)) {
      return new DrdException(
          FailureType.CLUSTER_REFUSED,
          ("the daemon does not trust the Kubernetes API at %s (%s %s): %s. Check the cluster's"
                  + " certificate authority in the kubeconfig; retrying will not help")
              .formatted(apiServer, request, subject, rootMessage(e)),
          e);
    }
    if (code <= 0 && causedBy(e, IOException.class, TimeoutException.class)) {
      return new DrdException(
          FailureType.CLUSTER_UNREACHABLE,
          ("cannot reach the Kubernetes API at %s (%s %s): %s. Check that the cluster runs and is"
                  + " reachable from the daemon (network, firewall, kubeconfig context)")
              .formatted(apiServer, request, subject, rootMessage(e)),
          e);
    }
    return new DrdException(
        FailureType.CLUSTER_FAILED,
        ("the Kubernetes API at %s failed to %s for %s (HTTP %d): %s. Check the API server's"
                + " health; the step is retried")
            .formatted(apiServer, request, subject, code, rootMessage(e)),
        e);
  }

  static DrdException missing(String subject, Throwable cause) {
    return new DrdException(
        FailureType.CLUSTER_RESOURCE_MISSING,
        "%s does not exist: check the kind, namespace, name and context in the config"
            .formatted(subject),
        cause);
  }

  @SafeVarargs
  private static boolean causedBy(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
