package dev.drd.backup;

public record RetentionRequest(String target) {}
