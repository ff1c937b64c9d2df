package dev.drd.restore;

/** The database restored into, before anything touched it. */
public record DestinationCheck(boolean exists, long userObjects) {}
