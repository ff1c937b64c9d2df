package dev.drd.backup;

import java.time.Instant;

/**
 * @param timestamp the backup's time, from which its object keys derive
 * @param runTag the start of the workflow's run id, which makes the keys unique to this run
 */
public record InspectRequest(String target, Instant timestamp, String runTag) {}
