package dev.drd.drill;

import java.time.Instant;

/**
 * @param scheduledAt the schedule's fire time; null for a drill by hand
 * @param server the configured target whose server receives the scratch database
 * @param at null for a drill of the newest dump; latest, random or a time for a point-in-time drill
 *     of the archive, in a temporary cluster on the daemon's host
 * @param backup the dump to restore, as {@code drd restore run --backup} takes it; null (and in
 *     drills started before it existed) the newest
 */
public record DrillRequest(
    String target, Instant scheduledAt, String server, String at, String backup) {
  public DrillRequest(String target, Instant scheduledAt, String server) {
    this(target, scheduledAt, server, null, null);
  }

  public DrillRequest(String target, Instant scheduledAt, String server, String at) {
    this(target, scheduledAt, server, at, null);
  }
}
