package dev.drd.dns;

import java.util.Base64;
import java.util.Objects;
import org.xbill.DNS.TSIG;

/**
 * The TSIG key that signs RFC 2136 messages, as a BIND {@code key} statement names it. The secret
 * never appears in {@link #toString} or in a failure's message.
 *
 * @param name the key's name, e.g. {@code drd-failover}
 * @param algorithm e.g. {@code hmac-sha256}
 * @param secret the base64 secret
 */
public record TsigKey(String name, String algorithm, String secret) {
  public TsigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(secret, "secret");
    TSIG.algorithmToName(algorithm);
    try {
      Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret of TSIG key " + name + " is not base64");
    }
  }

  TSIG signer() {
    return new TSIG(TSIG.algorithmToName(algorithm), name, secret);
  }

  @Override
  public String toString() {
    return "TsigKey[name=%s, algorithm=%s]".formatted(name, algorithm);
  }
}
