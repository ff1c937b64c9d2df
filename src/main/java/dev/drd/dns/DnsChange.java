package dev.drd.dns;

/**
 * A submitted change, to be watched until the provider serves it everywhere.
 *
 * @param id the provider's change id (Route 53: {@code C123...}); for RFC 2136 the serial the
 *     primary answered with, or another token {@link DnsRouter#inSync} understands
 * @param value the value the record was set to
 */
public record DnsChange(String id, DnsRecord record, String value, int ttlSeconds) {}
