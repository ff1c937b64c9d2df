package dev.drd.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The application_name drd gives every session and pg_dump it opens for one owner (a workflow):
 * {@code drd <hash> <role> <owner>}, cut to PostgreSQL's 63 bytes. The hash of the owner comes
 * first, so a later attempt finds what an earlier attempt of the same workflow left on the server
 * even when a long owner is cut, and never takes another workflow's session for its own.
 */
public record SessionTag(String owner) {
  private static final int MAX_BYTES = 63;

  /** e.g. {@code drd 3fa85f64 dump backup/shop/manual}. */
  public String applicationName(String role) {
    return cut(prefix() + role + " " + owner);
  }

  /** What every application name of this owner starts with. */
  public String prefix() {
    return "drd " + hash(owner) + " ";
  }

  /**
   * The owner an application name of this form names; empty for other names, or where the name was
   * cut inside the owner.
   */
  public static Optional<String> ownerOf(String applicationName) {
    if (applicationName == null || !applicationName.startsWith("drd ")) {
      return Optional.empty();
    }
    String[] parts = applicationName.split(" ", 4);
    if (parts.length < 4 || !parts[1].equals(hash(parts[3]))) {
      return Optional.empty();
    }
    return Optional.of(parts[3]);
  }

  private static String hash(String owner) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String cut(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_BYTES) {
      return name;
    }
    int end = MAX_BYTES;
    while ((bytes[end] & 0xC0) == 0x80) {
      end--; // never split a UTF-8 sequence
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
