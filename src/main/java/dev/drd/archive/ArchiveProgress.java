package dev.drd.archive;

import java.time.Instant;

/** An archiver's heartbeat: what it streams and how far the archive reaches. */
public record ArchiveProgress(
    String summary, int timeline, String archivedLsn, Instant archivedAt, int segments) {}
