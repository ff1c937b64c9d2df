package dev.drd.backup;

/** Removes what a failed backup may have left: its incomplete upload, its dump, its manifest. */
public record DiscardRequest(BackupKeys keys) {}
