package dev.drd.failover;

import dev.drd.config.Secrets;
import dev.drd.dns.DnsRouter;
import dev.drd.dns.Rfc2136Router;
import dev.drd.dns.Route53Router;
import dev.drd.dns.TsigKey;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.time.Duration;

/** Builds the DNS router a runbook's {@code dns:} block names, resolving its secret when needed. */
public final class DnsRouters {
  /** Dev mode's stand-in provider, which records changes and serves nothing. */
  public static final String RECORDING = "recording";

  private static final Duration RFC2136_TIMEOUT = Duration.ofSeconds(10);

  private DnsRouters() {}

  public static DnsRouter forSwitch(DnsSwitch dns, Secrets secrets) {
    if ("route53".equals(dns.provider())) {
      return Route53Router.create(dns.route53());
    }
    if (RECORDING.equals(dns.provider())) {
      throw new DrdException(
          FailureType.DNS_REFUSED,
          "dns.provider 'recording' is dev mode's stand-in and changes no DNS; this daemon is not"
              + " 'drd serve --dev': name a real provider (route53 or rfc2136) in the runbook");
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
