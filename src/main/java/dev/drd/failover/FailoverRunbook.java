package dev.drd.failover;

import dev.drd.runbook.Approval;
import dev.drd.runbook.PostChecks;
import dev.drd.runbook.ScaleStep;

/**
 * A regional failover, as written in {@code runbooks/failover-*.yaml}: which replica to promote,
 * which services to stop and start, which DNS record to switch, what to check afterwards.
 *
 * @param from the failed region, e.g. {@code us-east}
 * @param to the region that takes over, e.g. {@code eu-west}
 */
public record FailoverRunbook(
    String from,
    String to,
    DatabaseSwitch database,
    Approval approval,
    ScaleStep scaleDown,
    ScaleStep scaleUp,
    DnsSwitch dns,
    PostChecks postChecks) {

  public FailoverRunbook {
    approval = approval != null ? approval : new Approval(null, null);
    scaleDown = scaleDown != null ? scaleDown : new ScaleStep(null, null);
    scaleUp = scaleUp != null ? scaleUp : new ScaleStep(null, null);
    postChecks = postChecks != null ? postChecks : new PostChecks(null, null);
  }

  /** {@code failover/<from>-to-<to>}: one failover between two regions at a time. */
  public String workflowId() {
    return "failover/%s-to-%s".formatted(from, to);
  }
}
