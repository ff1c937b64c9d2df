package dev.drd.failover;

import dev.drd.dns.DnsRecord;
import dev.drd.dns.Route53Settings;

/**
 * The DNS record clients use, and the value it gets in the new region.
 *
 * @param provider {@code route53} or {@code rfc2136}
 */
public record DnsSwitch(
    String provider,
    String zone,
    String record,
    String type,
    String value,
    Integer ttl,
    Route53Settings route53,
    Rfc2136Settings rfc2136) {

  public DnsSwitch {
    type = type != null ? type : "CNAME";
    ttl = ttl != null ? ttl : 60;
  }

  public DnsRecord dnsRecord() {
    return new DnsRecord(zone, record, type);
  }
}
