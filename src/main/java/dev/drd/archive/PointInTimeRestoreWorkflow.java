package dev.drd.archive;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A server's cluster as it was at a point in time, recovered from a base backup and the archive:
 * into a data directory ({@code pitr/<target>/manual}, one at a time per target), one database
 * copied into a live server ({@code restore/<server>/<database>}, the id a restore of a dump into
 * it has, so that the two never write one database at once), or verified and dropped by a drill (a
 * child of the drill).
 */
@WorkflowInterface
public interface PointInTimeRestoreWorkflow {
  @WorkflowMethod
  PitrResult run(PitrRequest request);
}
