package dev.drd.backup;

/**
 * Progress of a dump, sent as heartbeat details: the CLI shows {@code summary}, and a retried
 * attempt aborts the upload {@code uploadId} its predecessor left.
 */
public record DumpHeartbeat(
    String uploadId, long dumpBytes, long uploadedBytes, String current, String summary) {}
