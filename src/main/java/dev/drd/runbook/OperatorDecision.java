package dev.drd.runbook;

/**
 * What the operator decides for a failed step: {@code drd failover retry|skip|abort ID}.
 *
 * @param action RETRY, SKIP or ABORT
 */
public record OperatorDecision(String action, String by) {}
