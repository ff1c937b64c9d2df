package dev.drd.runbook;

import java.util.List;
import java.util.stream.Collectors;

/** What a runbook's read-only preflight found, check by check. */
public record PreflightReport(List<PreflightCheck> checks) {
  public PreflightReport {
    checks = List.copyOf(checks);
  }

  /** The failed checks that --force does not name. */
  public List<PreflightCheck> blocking(List<String> forced) {
    return checks.stream().filter(c -> !c.passed() && !forced.contains(c.name())).toList();
  }

  /** One line per check, joined by "; ", as the preflight step's message. */
  public String summary() {
    return summary(List.of(), null);
  }

  /**
   * The summary with each failed check that --force named recorded as accepted by whom, its finding
   * (e.g. what data a failover loses) kept word for word.
   */
  public String summary(List<String> forced, String by) {
    return checks.stream()
        .map(c -> status(c, forced, by) + c.name() + ": " + c.detail())
        .collect(Collectors.joining("; "));
  }

  private static String status(PreflightCheck c, List<String> forced, String by) {
    if (c.passed()) {
      return "ok ";
    }
    return forced.contains(c.name()) ? "FORCED by %s, ".formatted(by) : "FAILED ";
  }

  /** Runs a read-only check; what it throws fails the check with its message. */
  public static PreflightCheck check(String name, Check check) {
    try {
      return new PreflightCheck(name, true, check.run());
    } catch (Exception e) {
      return new PreflightCheck(name, false, e.getMessage());
    }
  }

  /** A check: returns what it found, throws why it failed. */
  public interface Check {
    String run() throws Exception;
  }
}
