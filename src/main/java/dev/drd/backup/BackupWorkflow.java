package dev.drd.backup;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One backup of one target: inspect (read-only) → dump streamed into the store → manifest →
 * retention. A dump without its manifest is removed, never reported as a backup.
 */
@WorkflowInterface
public interface BackupWorkflow {
  @WorkflowMethod
  BackupResult run(BackupRequest request);

  @QueryMethod
  BackupProgress progress();
}
