package dev.drd.backup;

/**
 * @param databaseSizeBytes for progress only
 */
public record DumpRequest(String target, String dumpKey, long databaseSizeBytes) {}
