package dev.drd.backup;

import java.time.Instant;

/** The answer to the {@code progress} query. */
public record BackupProgress(BackupPhase phase, String target, String key, Instant startedAt) {}
