package dev.drd.backup;

/** The object keys of one backup: the compressed dump and its manifest. */
public record BackupKeys(String dump, String manifest) {}
