package dev.drd.drill;

import java.time.Instant;

/**
 * Where a point-in-time drill's recovery stopped.
 *
 * @param at what the drill asked for: latest, random or a time
 * @param point the point itself (random's chosen time)
 * @param reachedCommitTime the last transaction replayed committed at this time (null: none)
 */
public record DrillPoint(
    String at, String point, String reachedLsn, Instant reachedCommitTime, int timeline) {}
