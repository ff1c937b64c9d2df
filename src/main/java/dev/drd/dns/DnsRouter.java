package dev.drd.dns;

import java.util.List;

/**
 * Switches a DNS record during a failover: one implementation per provider (Route 53, RFC 2136).
 * Methods do not wait: the failover's activities poll {@link #inSync} and heartbeat meanwhile.
 * Failures are {@link dev.drd.failure.DrdException}s of the DNS_* types, saying what to check.
 */
public interface DnsRouter {
  /** The record's current values; empty when it does not exist. Read-only (preflight). */
  List<String> current(DnsRecord record);

  /** Creates or replaces the record with one value (an UPSERT); idempotent. */
  DnsChange upsert(DnsRecord record, String value, int ttlSeconds);

  /** True once the provider serves the change on all its servers (Route 53: INSYNC). */
  boolean inSync(DnsChange change);
}
