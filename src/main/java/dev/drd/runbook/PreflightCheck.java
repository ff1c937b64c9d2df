package dev.drd.runbook;

/**
 * One read-only check before a failover, e.g. {@code replica-lag}; its name is what --force takes.
 */
public record PreflightCheck(String name, boolean passed, String detail) {}
