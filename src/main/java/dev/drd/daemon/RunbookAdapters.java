package dev.drd.daemon;

import dev.drd.cluster.ClusterScaler;
import dev.drd.cluster.KubernetesScaler;
import dev.drd.config.Secrets;
import dev.drd.dns.DnsRouter;
import dev.drd.failover.DnsRouters;
import dev.drd.failover.DnsSwitch;
import java.util.function.BiFunction;

/**
 * The systems runbooks act on besides PostgreSQL: the clusters' API (failover, corruption recovery)
 * and the DNS provider a failover runbook names. Production uses Kubernetes and the real providers;
 * dev mode its stand-ins.
 */
public record RunbookAdapters(ClusterScaler scaler, BiFunction<DnsSwitch, Secrets, DnsRouter> dns) {

  public static RunbookAdapters production() {
    return new RunbookAdapters(
        new KubernetesScaler(KubernetesScaler.DEFAULT_TIMEOUT), DnsRouters::forSwitch);
  }
}
