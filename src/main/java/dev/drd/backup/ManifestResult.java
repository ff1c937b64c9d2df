package dev.drd.backup;

import java.time.Instant;

public record ManifestResult(String manifestKey, Instant finishedAt) {}
