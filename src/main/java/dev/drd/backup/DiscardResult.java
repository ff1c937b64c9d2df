package dev.drd.backup;

public record DiscardResult(int abortedUploads, boolean dumpDeleted) {}
