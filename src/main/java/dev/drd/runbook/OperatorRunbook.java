package dev.drd.runbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * What a runbook that an operator drives offers besides its workflow method: its progress, an
 * approval, and decisions about a failed step. Each update's validator refuses it when the runbook
 * is not waiting for it, so that the operator hears why instead of being ignored.
 */
public interface OperatorRunbook {
  @QueryMethod
  RunbookProgress progress();

  @UpdateMethod
  RunbookProgress approve(ApprovalRequest request);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(ApprovalRequest request);

  @UpdateMethod
  RunbookProgress decide(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(OperatorDecision decision);
}
