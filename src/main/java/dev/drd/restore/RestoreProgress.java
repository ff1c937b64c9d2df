package dev.drd.restore;

import java.time.Instant;

public record RestoreProgress(
    RestorePhase phase, String target, String backupKey, String database, Instant startedAt) {}
