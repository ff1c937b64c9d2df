package dev.drd.restore;

public record ResolveRequest(String target, String backup) {}
