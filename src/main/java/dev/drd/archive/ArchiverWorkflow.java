package dev.drd.archive;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The continuous archive of one server: {@code archive/<target>}, exactly one however many daemons
 * run. It streams for an hour at a time and continues as new; it ends only when the target has no
 * archive any more (or it is cancelled).
 */
@WorkflowInterface
public interface ArchiverWorkflow {
  @WorkflowMethod
  ArchiveRun archive(ArchiveRequest request);
}
