package dev.drd.restore;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Restores a backup with proof: the checksum is verified before the database is touched, and the
 * restored database is counted against the manifest and checked with the target's assertions.
 */
@WorkflowInterface
public interface RestoreWorkflow {
  @WorkflowMethod
  RestoreResult run(RestoreRequest request);

  @QueryMethod
  RestoreProgress progress();
}
