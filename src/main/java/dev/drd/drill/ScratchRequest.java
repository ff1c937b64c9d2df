package dev.drd.drill;

public record ScratchRequest(String server, String database) {}
