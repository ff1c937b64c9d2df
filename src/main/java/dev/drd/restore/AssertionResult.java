package dev.drd.restore;

/**
 * One configured SQL assertion against the restored database.
 *
 * @param actual the value the query returned, null when it returned none or failed
 * @param error why the query could not run, null when it ran
 */
public record AssertionResult(
    String name, String sql, String expect, String actual, boolean passed, String error) {

  public String describe() {
    return error != null
        ? "%s: %s".formatted(name, error)
        : "%s: got %s, expected %s".formatted(name, actual, expect);
  }
}
