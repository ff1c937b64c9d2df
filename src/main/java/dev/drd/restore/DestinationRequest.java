package dev.drd.restore;

public record DestinationRequest(String server, String database, boolean replace) {}
