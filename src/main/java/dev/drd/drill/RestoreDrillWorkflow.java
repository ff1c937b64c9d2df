package dev.drd.drill;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Restores the latest backup of a target into a scratch database, verifies it, measures RTO and
 * RPO, and drops the scratch database in every outcome.
 */
@WorkflowInterface
public interface RestoreDrillWorkflow {
  @WorkflowMethod
  DrillReport run(DrillRequest request);
}
