package dev.drd.runbook;

/**
 * One step of a runbook as planned: what it does to what.
 *
 * @param kind what kind of step, in the runbook's own terms (an enum of its workflow)
 * @param index the item of the runbook's list the step acts on (a workload, a check); 0 otherwise
 * @param bestEffort a failure is recorded and the runbook goes on (e.g. the failed region may be
 *     gone)
 */
public record PlannedStep<K extends Enum<K>>(
    K kind, int index, String step, String detail, boolean bestEffort) {}
