package dev.drd.restore;

/** Progress of the restore step; {@code summary} is what the CLI shows. */
public record RestoreHeartbeat(
    String phase, long bytes, int itemsDone, int items, String summary) {}
