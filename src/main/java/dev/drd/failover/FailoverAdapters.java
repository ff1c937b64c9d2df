package dev.drd.failover;

import dev.drd.cluster.ClusterScaler;
import dev.drd.cluster.KubernetesScaler;
import dev.drd.config.Secrets;
import dev.drd.dns.DnsRouter;
import java.util.function.BiFunction;

/**
 * The systems a failover acts on besides PostgreSQL: the clusters' API and the DNS provider a
 * runbook names. Production uses Kubernetes and the real providers; dev mode its stand-ins.
 */
public record FailoverAdapters(
    ClusterScaler scaler, BiFunction<DnsSwitch, Secrets, DnsRouter> dns) {

  public static FailoverAdapters production() {
    return new FailoverAdapters(
        new KubernetesScaler(KubernetesScaler.DEFAULT_TIMEOUT), DnsRouters::forSwitch);
  }
}
