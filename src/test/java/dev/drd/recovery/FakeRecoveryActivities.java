package dev.drd.recovery;

import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.ScaledWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recovery activities that record what they did, around a database named {@code ledger} and
 * services whose desired replicas a test sets.
 */
class FakeRecoveryActivities implements RecoveryActivities {
  static final String DATABASE = "ledger";

  /** Each scaling asked for, as {@code "api 0"}. */
  final List<String> scaled = Collections.synchronizedList(new ArrayList<>());

  /** The services' desired replicas by name, as the cluster has them now. */
  final Map<String, Integer> replicas = new ConcurrentHashMap<>();

  @Override
  public RecoveryPreflight preflight(CorruptionRunbook runbook) {
    return new RecoveryPreflight(
        DATABASE,
        new PreflightReport(
            List.of(
                new PreflightCheck("database-server", true, "answers, database ledger is there"),
                new PreflightCheck("cluster-shop", true, "namespace shop answers"))));
  }

  @Override
  public int replicas(ScaledWorkload workload) {
    return replicas.getOrDefault(workload.name(), 0);
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    String name = request.workload().name();
    scaled.add("%s %d".formatted(name, request.replicas()));
    Integer previous = replicas.put(name, request.replicas());
    return new ScaleResult(previous == null ? 0 : previous, request.replicas());
  }

  @Override
  public DrainResult drainSessions(String target, Duration timeout) {
    return new DrainResult(Duration.ofMillis(5), List.of());
  }

  @Override
  public String keepCorrupt(String target, String stamp) {
    return DATABASE + "_corrupt_" + stamp;
  }

  @Override
  public String check(CorruptionRunbook runbook, RecoveryStepKind kind, int index) {
    return "ok";
  }
}
