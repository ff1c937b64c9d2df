package dev.drd.recover;

import dev.drd.failure.DrdException;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.ScaledWorkload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Recovery activities that record their calls, scale a map of services, and fail once where a test
 * says, for workflow tests.
 */
public class RecordingRecoverActivities implements RecoverActivities {
  public static final String DATABASE = "ledger";
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public final Map<String, Integer> replicas =
      new ConcurrentHashMap<>(Map.of("api", 2, "worker", 1));

  public volatile boolean clusterAnswers = true;

  /** Failures by call, e.g. {@code "scale worker 0"} or {@code "keep"}; each thrown once. */
  public final Map<String, DrdException> failOnce = new ConcurrentHashMap<>();

  @Override
  public RecoveryPreflight preflight(RecoverRunbook runbook) {
    record("preflight");
    return new RecoveryPreflight(
        DATABASE,
        new PreflightReport(
            List.of(
                new PreflightCheck("database-server", true, "answers"),
                clusterAnswers
                    ? new PreflightCheck("cluster-current-shop", true, "namespace shop answers")
                    : new PreflightCheck("cluster-current-shop", false, "connection refused"))));
  }

  @Override
  public int replicas(ScaledWorkload workload) {
    record("replicas " + workload.name());
    return replicas.get(workload.name());
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    String name = request.workload().name();
    record("scale %s %d".formatted(name, request.replicas()));
    Integer previous = replicas.put(name, request.replicas());
    return new ScaleResult(previous, request.replicas());
  }

  @Override
  public DrainResult drainSessions(DrainRequest request) {
    record("drain");
    return new DrainResult(Duration.ofSeconds(1), List.of());
  }

  @Override
  public String keepCorrupt(KeepCorruptRequest request) {
    record("keep");
    return DATABASE + "_corrupt_" + request.stamp();
  }

  @Override
  public String check(PostCheckRequest request) {
    record("check " + request.kind());
    return "ok";
  }

  /** Each scaling asked for, in order, as {@code "api 0"}. */
  public List<String> scaled() {
    synchronized (calls) {
      return calls.stream()
          .filter(c -> c.startsWith("scale "))
          .map(c -> c.substring("scale ".length()))
          .toList();
    }
  }

  private void record(String call) {
    calls.add(call);
    DrdException failure = failOnce.remove(call);
    if (failure != null) {
      throw failure;
    }
  }
}
