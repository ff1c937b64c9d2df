package dev.drd.restore;

/**
 * A table whose restored row count differs from the manifest.
 *
 * @param actual null when the table is missing from the restored database
 */
public record TableMismatch(String schema, String table, long expected, Long actual) {
  public String describe() {
    return "%s.%s: %s, manifest says %,d"
        .formatted(
            schema, table, actual == null ? "missing" : "%,d rows".formatted(actual), expected);
  }
}
