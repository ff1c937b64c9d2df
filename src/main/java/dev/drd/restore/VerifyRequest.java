package dev.drd.restore;

public record VerifyRequest(String target, String server, String database, String manifestKey) {}
