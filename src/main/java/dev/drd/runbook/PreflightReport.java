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
    return checks.stream()
        .map(c -> (c.passed() ? "ok " : "FAILED ") + c.name() + ": " + c.detail())
        .collect(Collectors.joining("; "));
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
