package dev.drd.dns;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.time.Duration;
import org.xbill.DNS.Rcode;

/** Turns RFC 2136 answers and I/O errors into failures that say what failed and what to do next. */
final class Rfc2136Failures {
  private final String server;
  private final String keyName;
  private final Duration timeout;

  Rfc2136Failures(String server, String keyName, Duration timeout) {
    this.server = server;
    this.keyName = keyName;
    this.timeout = timeout;
  }

  DrdException unreachable(String action, IOException e) {
    return new DrdException(
        FailureType.DNS_UNREACHABLE,
        ("no answer from DNS server %s within %d ms while trying to %s (%s). Check that the"
                + " server runs and that its host and port are right")
            .formatted(server, timeout.toMillis(), action, e.getMessage()),
        e);
  }

  DrdException unresolvable() {
    return new DrdException(
        FailureType.DNS_UNREACHABLE,
        "cannot resolve the host of DNS server %s: check the host name".formatted(server));
  }

  DrdException interrupted(String action, IOException e) {
    return new DrdException(
        FailureType.INTERRUPTED, "interrupted while trying to %s".formatted(action), e);
  }

  /** The server could not verify the signature: a BADKEY, BADSIG or BADTIME in the TSIG record. */
  DrdException keyRejected(String action, int tsigError) {
    return new DrdException(
        FailureType.DNS_REFUSED,
        ("DNS server %s rejected TSIG key %s (%s) while trying to %s: check the key's name,"
                + " algorithm and secret against the server's key statement%s")
            .formatted(
                server,
                keyName,
                Rcode.TSIGstring(tsigError),
                action,
                tsigError == Rcode.BADTIME ? ", and the clocks of both hosts" : ""));
  }

  /**
   * A query answered with an error: REFUSED or NOTAUTH means the server does not serve the zone.
   */
  DrdException queryFailed(DnsRecord record, int rcode) {
    if (rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH) {
      return zoneMissing(record, Rcode.string(rcode));
    }
    return failed("read " + record.describe(), rcode);
  }

  DrdException updateFailed(DnsRecord record, int rcode) {
    return switch (rcode) {
      case Rcode.NOTAUTH -> zoneMissing(record, "NOTAUTH");
      case Rcode.NOTZONE ->
          new DrdException(
              FailureType.DNS_ZONE_MISSING,
              "%s is not inside zone %s (NOTZONE from DNS server %s): fix the record's name or zone"
                  .formatted(record.name(), record.zone(), server));
      case Rcode.REFUSED ->
          new DrdException(
              FailureType.DNS_REFUSED,
              ("DNS server %s refused the update of %s (REFUSED): check the TSIG key name/secret"
                      + " (key %s) and the zone's update-policy, which must grant this key the"
                      + " name and type")
                  .formatted(server, record.describe(), keyName));
      default -> failed("update " + record.describe(), rcode);
    };
  }

  DrdException zoneMissing(DnsRecord record, String reason) {
    return new DrdException(
        FailureType.DNS_ZONE_MISSING,
        ("DNS server %s is not authoritative for zone %s (%s): check the record's zone and that"
                + " %s is the zone's primary")
            .formatted(server, record.zone(), reason, server));
  }

  private DrdException failed(String action, int rcode) {
    return new DrdException(
        FailureType.DNS_FAILED,
        "DNS server %s answered %s while trying to %s: see the server's log"
            .formatted(server, Rcode.string(rcode), action));
  }
}
