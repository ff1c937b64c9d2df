package dev.drd.archive;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A server's cluster as it was at a point in time, recovered from a base backup and the archive
 * into a data directory: {@code pitr/<target>/manual}, one at a time per target.
 */
@WorkflowInterface
public interface PointInTimeRestoreWorkflow {
  @WorkflowMethod
  PitrResult run(PitrRequest request);
}
