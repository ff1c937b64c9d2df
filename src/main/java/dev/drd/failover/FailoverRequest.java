package dev.drd.failover;

import java.util.List;

/**
 * A failover to run. The runbook travels whole, so that the history says exactly what was done; it
 * holds names of secrets, never secrets (the loader refuses keys in it).
 *
 * @param approved started with --yes: no approval wait
 * @param force preflight checks whose failure does not stop the run (--force NAME)
 * @param startedBy who started it, for the record
 */
public record FailoverRequest(
    FailoverRunbook runbook, boolean approved, List<String> force, String startedBy) {
  public FailoverRequest {
    force = force != null ? List.copyOf(force) : List.of();
  }
}
