package dev.drd.restore;

public record DiscardRequest(String workflowId, String server, String database) {}
