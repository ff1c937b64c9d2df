package dev.drd.drill;

import java.time.Instant;

/**
 * @param scheduledAt the schedule's fire time; null for a drill by hand
 * @param server the configured target whose server receives the scratch database
 */
public record DrillRequest(String target, Instant scheduledAt, String server) {}
