package dev.drd.failover;

import java.nio.file.Path;

/**
 * RFC 2136 dynamic update (BIND, PowerDNS, Knot): the primary server and the TSIG key, whose secret
 * is named, not written here.
 *
 * @param server {@code host:port} of the zone's primary
 */
public record Rfc2136Settings(
    String server, String keyName, String keyAlgorithm, String keySecretEnv, Path keySecretFile) {
  public Rfc2136Settings {
    keyAlgorithm = keyAlgorithm != null ? keyAlgorithm : "hmac-sha256";
  }
}
