package dev.drd.recover;

import dev.drd.runbook.OperatorRunbook;
import dev.drd.runbook.RunbookProgress;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Restores a corrupt database in place: preflight, approval, stop the services that write to it,
 * wait for their sessions to end, keep the corrupt database under a new name, restore and verify
 * the backup into the original name, start the services again, post-checks. A failed step, a failed
 * verification among them, waits for the operator to retry, skip or abort; the services stay
 * stopped meanwhile.
 */
@WorkflowInterface
public interface RecoverWorkflow extends OperatorRunbook {
  /** Its type keeps the name it had before the runbook had one name: histories and runs use it. */
  @WorkflowMethod(name = "CorruptionRecoveryWorkflow")
  RunbookProgress run(RecoverRequest request);
}
