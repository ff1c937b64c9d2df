package dev.drd.backup;

import java.time.Instant;

public record ManifestRequest(
    String workflowId, DatabaseInspection inspection, DumpResult dump, Instant startedAt) {}
