package dev.drd.restore;

public record RestoreStepRequest(
    String workflowId,
    ResolvedBackup backup,
    String server,
    String database,
    Integer jobs,
    boolean replace,
    boolean noOwner) {}
