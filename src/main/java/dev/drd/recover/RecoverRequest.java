package dev.drd.recover;

/**
 * A corruption recovery to run. The runbook travels whole, so that the history says exactly what
 * was done; it holds names, never secrets.
 *
 * @param approved started with --yes: no approval wait
 * @param startedBy who started it, for the record
 */
public record RecoverRequest(RecoverRunbook runbook, boolean approved, String startedBy) {}
