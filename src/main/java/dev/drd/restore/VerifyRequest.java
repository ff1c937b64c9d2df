package dev.drd.restore;

import dev.drd.config.SqlAssertion;
import java.util.List;

/**
 * @param assertions checked besides the target's own
 */
public record VerifyRequest(
    String target,
    String server,
    String database,
    String manifestKey,
    List<SqlAssertion> assertions) {
  public VerifyRequest {
    assertions = assertions != null ? List.copyOf(assertions) : List.of();
  }
}
