package dev.drd.postgres;

/**
 * The outcome of promoting a replica.
 *
 * @param alreadyPrimary the server was no longer in recovery: an earlier attempt (or a person)
 *     promoted it; promotion is idempotent
 * @param lsn the WAL position at which the new primary begins
 */
public record Promotion(boolean alreadyPrimary, String lsn, long tookMillis) {}
