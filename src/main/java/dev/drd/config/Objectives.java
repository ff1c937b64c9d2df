package dev.drd.config;

import java.time.Duration;

/**
 * A target's recovery objectives, which drills measure against.
 *
 * @param rto longest acceptable time from the start of a restore to a verified database
 * @param rpo oldest acceptable age of the newest verified backup (the data that would be lost)
 */
public record Objectives(Duration rto, Duration rpo) {}
