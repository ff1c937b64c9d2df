package dev.drd.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A {@link DnsRouter} for a zone's primary server that takes RFC 2136 dynamic updates signed with
 * TSIG (BIND, Knot, PowerDNS). Every message goes over TCP straight to the primary and is signed,
 * so a wrong key already fails the read-only {@link #current} of a preflight.
 *
 * <p>The primary is authoritative for the zone: {@link #inSync} is true once the primary serves the
 * change. Its secondaries follow by NOTIFY and zone transfer, which this router does not watch.
 */
public final class Rfc2136Router implements DnsRouter {
  private final String host;
  private final int port;
  private final TsigKey key;
  private final Duration timeout;
  private final Rfc2136Failures failures;

  private Rfc2136Router(String host, int port, TsigKey key, Duration timeout) {
    this.host = host;
    this.port = port;
    this.key = key;
    this.timeout = timeout;
    this.failures = new Rfc2136Failures(host + ":" + port, key.name(), timeout);
  }

  /** A router for the primary at host:port; each message waits at most the timeout. */
  public static Rfc2136Router create(String host, int port, TsigKey key, Duration timeout) {
    key.signer();
    return new Rfc2136Router(host, port, key, timeout);
  }

  @Override
  public List<String> current(DnsRecord record) {
    return answer(record).stream().map(Record::rdataToString).toList();
  }

  /**
   * Replaces the record's RRset with one record: the deletion and the addition travel in one
   * message, which the server applies atomically. The change's id is the zone's SOA serial after
   * the update, and its value the record's canonical text (a CNAME target with its trailing dot).
   */
  @Override
  public DnsChange upsert(DnsRecord record, String value, int ttlSeconds) {
    Record wanted = parse(record, value, ttlSeconds);
    Update update = new Update(name(record.zone()));
    update.replace(wanted);
    int rcode = send(update, "update " + record.describe()).getRcode();
    if (rcode != Rcode.NOERROR) {
      throw failures.updateFailed(record, rcode);
    }
    return new DnsChange(
        Long.toString(serial(record.zone())), record, wanted.rdataToString(), ttlSeconds);
  }

  /** True when the primary answers the record with exactly the change's value. */
  @Override
  public boolean inSync(DnsChange change) {
    Record wanted = parse(change.record(), change.value(), change.ttlSeconds());
    return answer(change.record()).equals(List.of(wanted));
  }

  private long serial(String zone) {
    DnsRecord apex = new DnsRecord(zone, zone, "SOA");
    List<Record> soa = answer(apex);
    if (soa.isEmpty()) {
      throw failures.zoneMissing(apex, "no SOA record at " + zone);
    }
    return ((SOARecord) soa.get(0)).getSerial();
  }

  private List<Record> answer(DnsRecord record) {
    Name name = name(record.name());
    int type = type(record);
    Message response =
        send(
            Message.newQuery(Record.newRecord(name, type, DClass.IN)), "read " + record.describe());
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      throw failures.queryFailed(record, rcode);
    }
    if (!response.getHeader().getFlag(Flags.AA)) {
      throw failures.zoneMissing(record, "the answer is not authoritative");
    }
    return response.getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == type && r.getName().equals(name))
        .toList();
  }

  private Message send(Message message, String action) {
    Message response;
    try {
      response = resolver().send(message);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw failures.interrupted(action, e);
      }
      throw failures.unreachable(action, e);
    }
    TSIGRecord tsig = response.getTSIG();
    if (tsig != null && tsig.getError() != Rcode.NOERROR) {
      throw failures.keyRejected(action, tsig.getError());
    }
    return response;
  }

  // A new resolver per message resolves the host again, so a primary that moved is found.
  private SimpleResolver resolver() {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw failures.unresolvable();
    }
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTCP(true);
    resolver.setTimeout(timeout);
    resolver.setTSIGKey(key.signer());
    return resolver;
  }

  private static Record parse(DnsRecord record, String value, int ttlSeconds) {
    try {
      return Record.fromString(
          name(record.name()), type(record), DClass.IN, ttlSeconds, value, Name.root);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "%s is not a valid value for %s: %s".formatted(value, record.describe(), e.getMessage()),
          e);
    }
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("%s is not a DNS name".formatted(text), e);
    }
  }

  private static int type(DnsRecord record) {
    int type = Type.value(record.type());
    if (type < 0) {
      throw new IllegalArgumentException("unknown record type in " + record.describe());
    }
    return type;
  }

  @Override
  public String toString() {
    return "Rfc2136Router[%s:%d, key %s]".formatted(host, port, key.name());
  }
}
