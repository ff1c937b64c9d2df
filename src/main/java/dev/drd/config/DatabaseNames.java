package dev.drd.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * PostgreSQL keeps names of at most 63 bytes (NAMEDATALEN - 1) and silently cuts longer ones, so a
 * longer database name would restore into, or back up, another database than the one named.
 */
public final class DatabaseNames {
  public static final int MAX_BYTES = 63;

  private DatabaseNames() {}

  /** What is wrong with the name, if anything: blank, or longer than 63 bytes in UTF-8. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("a database name cannot be empty");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    return bytes > MAX_BYTES
        ? Optional.of(
            "'%s' is %d bytes in UTF-8; PostgreSQL names hold at most %d bytes and would cut it"
                .formatted(name, bytes, MAX_BYTES))
        : Optional.empty();
  }
}
