package dev.drd.failover;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Failover activities that record what they did and fail where a test says. */
public class FakeFailoverActivities implements FailoverActivities {
  public final List<String> calls = new CopyOnWriteArrayList<>();

  /** Failures to throw, by call prefix (e.g. "promote"), each consumed once per count. */
  final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

  volatile List<PreflightCheck> preflight =
      List.of(
          new PreflightCheck("replica-in-recovery", true, "in recovery"),
          new PreflightCheck("replica-lag", true, "0 B behind"));
  private final Map<String, Integer> replicas = new ConcurrentHashMap<>();

  public void failTimes(String call, int times) {
    failuresLeft.put(call, new AtomicInteger(times));
  }

  private void record(String call) {
    calls.add(call);
    String kind = call.split(" ")[0];
    AtomicInteger left = failuresLeft.get(kind);
    if (left != null && left.getAndDecrement() > 0) {
      throw new DrdException(FailureType.CLUSTER_FAILED, kind + " failed on purpose");
    }
  }

  @Override
  public PreflightReport preflight(FailoverRunbook runbook) {
    calls.add("preflight");
    return new PreflightReport(preflight);
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    String name = request.workload().name();
    record("scale %s %d".formatted(name, request.replicas()));
    Integer previous = replicas.put(name, request.replicas());
    return new ScaleResult(previous == null ? 3 : previous, request.replicas());
  }

  @Override
  public String fence(String target) {
    record("fence " + target);
    return "read-only, 2 sessions ended";
  }

  @Override
  public String unfence(String target) {
    record("unfence " + target);
    return target + " takes writes again";
  }

  @Override
  public String promote(String target) {
    record("promote " + target);
    return "promoted at 0/3000060";
  }

  @Override
  public String switchDns(DnsSwitch dns) {
    record("dns " + dns.value());
    return "in sync";
  }

  @Override
  public String check(PostCheckRequest request) {
    record("check " + request.kind());
    return "ok";
  }
}
