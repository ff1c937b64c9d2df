package dev.drd.failover;

/**
 * One step of a failover as planned: what it does to what.
 *
 * @param index the item of the runbook's list the step acts on (a workload, a check); 0 otherwise
 * @param bestEffort a failure is recorded and the failover goes on (the failed region may be gone)
 */
public record PlannedStep(
    StepKind kind, int index, String step, String detail, boolean bestEffort) {}
