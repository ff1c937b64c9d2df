package dev.drd.failover;

import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import io.temporal.activity.ActivityInterface;

/**
 * The side effects of a failover, each idempotent: a retried step does no harm. The runbook is
 * passed so that the daemon's activities build their adapters from it.
 */
@ActivityInterface(namePrefix = "Failover")
public interface FailoverActivities {
  /** Read-only: replica reachable, in recovery, lag within limits; clusters and DNS answer. */
  PreflightReport preflight(FailoverRunbook runbook);

  ScaleResult scale(ScaleRequest request);

  /** Makes the old primary read-only and ends its sessions; returns a line for the report. */
  String fence(String target);

  /** Undoes {@link #fence} on an abort before the promotion: the old primary takes writes again. */
  String unfence(String target);

  /** pg_promote, waiting until the replica takes writes; already promoted is success. */
  String promote(String target);

  /** Sets the record and waits (heartbeating) until the provider serves it everywhere. */
  String switchDns(DnsSwitch dns);

  /** A post-check: an HTTP URL answering 2xx, or a write test on the promoted database. */
  String check(PostCheckRequest request);

  /**
   * @param kind HTTP_CHECK or SQL_CHECK
   * @param index which of the runbook's checks of that kind
   */
  record PostCheckRequest(FailoverRunbook runbook, StepKind kind, int index) {}
}
