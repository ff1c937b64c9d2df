package dev.drd.backup;

import java.time.Instant;

/**
 * @param timestamp the backup's time, from which its object keys derive
 */
public record InspectRequest(String target, Instant timestamp) {}
