package dev.drd.failover;

/**
 * One step of a failover as planned: what it does to what.
 *
 * @param bestEffort a failure is recorded and the failover goes on (the failed region may be gone)
 */
public record PlannedStep(String step, String detail, boolean bestEffort) {}
