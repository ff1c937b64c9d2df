package dev.drd.cli;

import java.util.Locale;
import java.util.Map;

/**
 * What a runbook is doing, in people's words: each activity and child workflow type Temporal
 * reports (e.g. {@code DrillDropScratch}) as a phrase (dropping the scratch database). JSON keeps
 * the type names; they are the stable ones.
 */
final class StepWords {
  private static final Map<String, String> WORDS =
      Map.ofEntries(
          Map.entry("BackupInspect", "inspecting the database"),
          Map.entry("BackupDump", "dumping and uploading"),
          Map.entry("BackupWriteManifest", "writing the manifest"),
          Map.entry("BackupApplyRetention", "applying retention"),
          Map.entry("BackupDiscard", "discarding the incomplete upload"),
          Map.entry("RestoreResolve", "choosing the backup"),
          Map.entry("RestoreCheckBackup", "checking the backup's size and checksum"),
          Map.entry("RestoreCheckDestination", "checking the destination database"),
          Map.entry("RestoreRestore", "restoring"),
          Map.entry("RestoreDiscard", "dropping the incomplete database"),
          Map.entry("RestoreVerify", "verifying the restored database"),
          Map.entry("DrillDropScratch", "dropping the scratch database"),
          Map.entry("DrillWriteReport", "writing the drill report"),
          Map.entry("TakeBaseBackup", "taking the base backup"),
          Map.entry("CompleteBaseBackup", "waiting for its WAL in the archive"),
          Map.entry("PruneArchive", "pruning the archive"),
          Map.entry("Stream", "streaming WAL into the archive"),
          Map.entry("PlanPointInTime", "choosing the base backup and the WAL"),
          Map.entry("RestorePointInTime", "restoring the base backup and replaying WAL"),
          Map.entry("FailoverPreflight", "checking before the failover"),
          Map.entry("FailoverScale", "scaling the services"),
          Map.entry("FailoverFence", "fencing the old primary"),
          Map.entry("FailoverUnfence", "lifting the fence"),
          Map.entry("FailoverPromote", "promoting the standby"),
          Map.entry("FailoverSwitchDns", "switching DNS"),
          Map.entry("FailoverCheck", "checking the services"),
          Map.entry("RecoveryPreflight", "checking before the recovery"),
          Map.entry("RecoveryReplicas", "reading the services' replicas"),
          Map.entry("RecoveryScale", "scaling the services"),
          Map.entry("RecoveryDrainSessions", "waiting for the database's sessions to end"),
          Map.entry("RecoveryKeepCorrupt", "putting the corrupt database aside"),
          Map.entry("RecoveryCheck", "checking the services"),
          Map.entry("BackupWorkflow", "backing up"),
          Map.entry("RestoreWorkflow", "restoring"),
          Map.entry("RestoreDrillWorkflow", "running a restore drill"),
          Map.entry("BaseBackupWorkflow", "taking a base backup"),
          Map.entry("PointInTimeRestoreWorkflow", "restoring to a point in time"),
          Map.entry("ArchiverWorkflow", "archiving WAL"),
          Map.entry("FailoverWorkflow", "failing over"),
          Map.entry("CorruptionRecoveryWorkflow", "recovering from corruption"));

  private StepWords() {}

  /** The phrase for an activity or workflow type; one made of its words when it has none. */
  static String of(String type) {
    String words = WORDS.get(type);
    return words != null ? words : decamel(type);
  }

  static boolean known(String type) {
    return WORDS.containsKey(type);
  }

  /** {@code DrillDropScratch} → {@code drill drop scratch}. */
  static String decamel(String type) {
    return type.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
        .replaceAll("([A-Z])([A-Z][a-z])", "$1 $2")
        .toLowerCase(Locale.ROOT);
  }
}
