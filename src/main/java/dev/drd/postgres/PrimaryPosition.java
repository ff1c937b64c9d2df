package dev.drd.postgres;

import java.time.Instant;

/**
 * Where the old primary's WAL stands, read on it just before the replica is read: its flushed
 * position, the commit time of its last transaction where {@code track_commit_timestamp} records
 * it, and its clock.
 *
 * @param lastCommit null where the server does not track commit times
 */
public record PrimaryPosition(String flushLsn, Instant lastCommit, Instant now) {}
