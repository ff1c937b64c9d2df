package dev.drd.backup;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "Backup")
public interface BackupActivities {
  /** Reads what the manifest needs and fails fast on bad credentials or a missing database. */
  DatabaseInspection inspect(InspectRequest request);

  /** pg_dump → zstd → SHA-256 → multipart upload, in one pass and constant memory. */
  DumpResult dump(DumpRequest request);

  ManifestResult writeManifest(ManifestRequest request);

  RetentionResult applyRetention(RetentionRequest request);

  DiscardResult discard(DiscardRequest request);
}
