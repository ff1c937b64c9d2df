package dev.drd.failover;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A regional failover: preflight, approval, then the runbook's steps in order. A failed step does
 * not roll anything back by itself: the workflow waits for the operator to retry, skip or abort.
 */
@WorkflowInterface
public interface FailoverWorkflow {
  @WorkflowMethod
  FailoverProgress run(FailoverRequest request);

  @QueryMethod
  FailoverProgress progress();

  @UpdateMethod
  FailoverProgress approve(ApprovalRequest request);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(ApprovalRequest request);

  @UpdateMethod
  FailoverProgress decide(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(OperatorDecision decision);
}
