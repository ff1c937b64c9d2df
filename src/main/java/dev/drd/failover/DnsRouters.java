package dev.drd.failover;

import dev.drd.config.Secrets;
import dev.drd.dns.DnsRouter;
import dev.drd.dns.Rfc2136Router;
import dev.drd.dns.Route53Router;
import dev.drd.dns.TsigKey;
import java.time.Duration;

/** Builds the DNS router a runbook's {@code dns:} block names, resolving its secret when needed. */
public final class DnsRouters {
  private static final Duration RFC2136_TIMEOUT = Duration.ofSeconds(10);

  private DnsRouters() {}

  public static DnsRouter forSwitch(DnsSwitch dns, Secrets secrets) {
    if ("route53".equals(dns.provider())) {
      return Route53Router.create(dns.route53());
    }
    Rfc2136Settings s = dns.rfc2136();
    int colon = s.server().lastIndexOf(':');
    String secret =
        secrets.named(s.keySecretEnv(), s.keySecretFile(), "the secret of TSIG key " + s.keyName());
    return Rfc2136Router.create(
        s.server().substring(0, colon),
        Integer.parseInt(s.server().substring(colon + 1)),
        new TsigKey(s.keyName(), s.keyAlgorithm(), secret),
        RFC2136_TIMEOUT);
  }
}
