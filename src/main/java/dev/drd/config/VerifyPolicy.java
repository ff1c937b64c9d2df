package dev.drd.config;

import java.util.List;

/**
 * How a restore of a target is proven: row counts of every table in the manifest always, plus these
 * assertions.
 */
public record VerifyPolicy(List<SqlAssertion> assertions) {
  public VerifyPolicy {
    assertions = assertions != null ? List.copyOf(assertions) : List.of();
  }

  /** Adds a problem for each assertion without SQL or with an expectation that does not parse. */
  public void check(String key, List<String> problems) {
    for (int i = 0; i < assertions.size(); i++) {
      SqlAssertion a = assertions.get(i);
      String at = "%s.assertions[%d]".formatted(key, i);
      if (a.sql() == null || a.sql().isBlank()) {
        problems.add(at + ".sql: missing");
      }
      if (a.expect() == null) {
        problems.add(at + ".expect: missing; e.g. '> 0' or '= 42'");
      } else {
        try {
          Expectation.parse(a.expect());
        } catch (IllegalArgumentException e) {
          problems.add(at + ".expect: " + e.getMessage());
        }
      }
    }
  }
}
