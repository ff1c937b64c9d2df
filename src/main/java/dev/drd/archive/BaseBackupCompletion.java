package dev.drd.archive;

public record BaseBackupCompletion(BaseBackupRequest request, BaseBackupTaken taken) {}
