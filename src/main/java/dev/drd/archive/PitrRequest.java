package dev.drd.archive;

/**
 * A point-in-time restore of a target's whole server into a data directory on the daemon's host.
 *
 * @param at {@link RecoveryTarget#text()}
 * @param dataDir where the recovered cluster goes: absent or empty
 */
public record PitrRequest(String target, String at, String dataDir) {}
