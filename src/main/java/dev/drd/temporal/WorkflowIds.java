package dev.drd.temporal;

import java.util.Optional;

/** What a runbook's workflow id says ({@code backup/orders/manual}, {@code archive/orders}). */
public final class WorkflowIds {
  private WorkflowIds() {}

  /**
   * The target a runbook works on; none for a restore, whose id names a server and a database, or a
   * failover, whose id names two regions.
   */
  public static Optional<String> target(String workflowId) {
    String[] parts = workflowId.split("/", 3);
    if (parts.length < 2 || parts[0].equals("restore") || parts[0].equals("failover")) {
      return Optional.empty();
    }
    return Optional.of(parts[1]);
  }
}
