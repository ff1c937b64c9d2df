package dev.drd.failover;

import java.util.List;

public record PreflightReport(List<PreflightCheck> checks) {
  /** The failed checks that --force does not name. */
  public List<PreflightCheck> blocking(List<String> forced) {
    return checks.stream().filter(c -> !c.passed() && !forced.contains(c.name())).toList();
  }
}
