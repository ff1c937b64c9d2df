package dev.drd.runbook;

import dev.drd.failure.FailureType;
import java.util.List;

/**
 * The base of a workflow an operator drives: progress, approval and decisions go to its {@link
 * OperatorSteps}; the subclass runs the plan.
 */
public abstract class OperatorWorkflow<K extends Enum<K>> implements OperatorRunbook {
  protected final OperatorSteps steps;
  protected List<PlannedStep<K>> plan = List.of();

  /**
   * @param runbook the CLI's name for it, e.g. {@code failover}
   * @param abortedType the failure an abort ends it with
   */
  protected OperatorWorkflow(String runbook, FailureType abortedType) {
    steps = new OperatorSteps(runbook, abortedType);
  }

  /** Starts the record with every planned step pending. */
  protected void begin(String subject, List<PlannedStep<K>> planned) {
    plan = planned;
    steps.begin(
        subject,
        planned.stream()
            .map(p -> OperatorSteps.pending(p.step(), p.detail(), p.bestEffort()))
            .toList());
  }

  @Override
  public RunbookProgress progress() {
    return steps.progress();
  }

  @Override
  public RunbookProgress approve(ApprovalRequest request) {
    steps.approve(request);
    return steps.progress();
  }

  @Override
  public void validateApprove(ApprovalRequest request) {
    steps.validateApprove(request);
  }

  @Override
  public RunbookProgress decide(OperatorDecision decision) {
    steps.decide(decision);
    return steps.progress();
  }

  @Override
  public void validateDecide(OperatorDecision decision) {
    steps.validateDecide(decision);
  }

  /** The position in the plan of the step of this kind acting on item {@code index}. */
  protected int indexOf(K kind, int index) {
    for (int i = 0; i < plan.size(); i++) {
      if (plan.get(i).kind() == kind && plan.get(i).index() == index) {
        return i;
      }
    }
    throw new IllegalStateException("the plan has no " + kind + " step for item " + index);
  }

  protected int indexOf(K kind) {
    return indexOf(kind, 0);
  }
}
