package dev.drd.failover;

import dev.drd.runbook.OperatorRunbook;
import dev.drd.runbook.RunbookProgress;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A regional failover: preflight, approval, then the runbook's steps in order. A failed step does
 * not roll anything back by itself: the workflow waits for the operator to retry, skip or abort.
 */
@WorkflowInterface
public interface FailoverWorkflow extends OperatorRunbook {
  @WorkflowMethod
  RunbookProgress run(FailoverRequest request);
}
