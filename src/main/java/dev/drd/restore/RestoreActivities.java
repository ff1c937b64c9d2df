package dev.drd.restore;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "Restore")
public interface RestoreActivities {
  /** The backup to restore: the newest complete one, or the one named; its manifest must exist. */
  ResolvedBackup resolve(ResolveRequest request);

  /**
   * Reads the whole backup object and checks its size and SHA-256 against the manifest, without
   * keeping it or touching any database: a runbook's preflight. Returns what it found.
   */
  String checkBackup(ResolvedBackup backup);

  /** Refuses a non-empty database unless replacing; touches nothing. */
  DestinationCheck checkDestination(DestinationRequest request);

  /**
   * Downloads the dump into the work dir, verifying size and SHA-256, and only then creates the
   * database and runs pg_restore. The staged file is removed in every outcome.
   */
  RestoreStepResult restore(RestoreStepRequest request);

  /**
   * Drops a database this restore created and left incomplete; any other database is left alone.
   * Returns whether one was dropped.
   */
  boolean discard(DiscardRequest request);

  /** Counts every table of the manifest and runs the target's assertions. */
  VerificationReport verify(VerifyRequest request);
}
