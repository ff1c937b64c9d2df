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
}
