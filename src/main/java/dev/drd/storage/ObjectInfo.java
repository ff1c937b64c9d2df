package dev.drd.storage;

import java.time.Instant;

/** An object in the store: its full key, size and when it was last written. */
public record ObjectInfo(String key, long size, Instant lastModified) {}
