package dev.drd.archive;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A base backup of an archived server ({@code base-backup/<target>/manual} or {@code
 * base-backup/<target>/<fire time>}): the data directory streamed into the bucket, complete once
 * the archive holds the WAL it needs.
 */
@WorkflowInterface
public interface BaseBackupWorkflow {
  @WorkflowMethod
  BaseBackupManifest run(BaseBackupRequest request);
}
