package dev.drd.dns;

/**
 * One DNS record set that a failover switches: where clients find the database or the service.
 *
 * @param zone the zone, e.g. {@code example.com.} (Route 53: the hosted zone's name)
 * @param name the record's fully qualified name, e.g. {@code db.example.com.}
 * @param type {@code CNAME}, {@code A} or {@code AAAA}
 */
public record DnsRecord(String zone, String name, String type) {
  public String describe() {
    return "%s %s (zone %s)".formatted(name, type, zone);
  }
}
