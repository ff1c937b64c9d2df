package dev.drd.runbook;

/** {@code drd failover approve ID --by NAME [--reason TEXT]}; recorded in the history. */
public record ApprovalRequest(String by, String reason) {}
