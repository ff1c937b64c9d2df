package dev.drd.archive;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface BaseBackupActivities {
  /** Streams pg_basebackup's tar through zstd and SHA-256 into the bucket. */
  BaseBackupTaken takeBaseBackup(BaseBackupRequest request);

  /** Waits until the archive holds the backup's WAL, then writes its manifest. */
  BaseBackupManifest completeBaseBackup(BaseBackupCompletion completion);

  /**
   * Removes the base backups and WAL the target's recovery window no longer needs, see {@link
   * ArchiveRetention}.
   */
  ArchivePruned pruneArchive(String target);
}
