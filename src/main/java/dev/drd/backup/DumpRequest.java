package dev.drd.backup;

/**
 * @param databaseSizeBytes for progress, and to size the upload's parts
 */
public record DumpRequest(String target, String dumpKey, long databaseSizeBytes) {}
