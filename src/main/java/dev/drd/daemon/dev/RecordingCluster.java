package dev.drd.daemon.dev;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.drd.cluster.ClusterScaler;
import dev.drd.cluster.Replicas;
import dev.drd.cluster.Workload;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dev mode's stand-in for Kubernetes, clearly not one: it records the replica counts a failover
 * sets in {@code <state-dir>/dev-cluster.json} and nothing runs, so every replica is "ready" at
 * once. It knows the workloads it was seeded with and refuses others, as a real API would.
 */
public final class RecordingCluster implements ClusterScaler {
  /** The sandbox shop's services: running in dev-east, none yet in dev-west. */
  static final Map<String, Integer> SEED = seed();

  private final StateFile<Integer> state;

  public RecordingCluster(Path file) {
    this.state = new StateFile<>(file, new TypeReference<TreeMap<String, Integer>>() {});
    state.seed(SEED);
  }

  Path file() {
    return state.path();
  }

  @Override
  public void checkReachable(String context, String namespace) {
    String prefix = "%s/%s/".formatted(context, namespace);
    if (state.read().keySet().stream().noneMatch(k -> k.startsWith(prefix))) {
      throw new DrdException(
          FailureType.CLUSTER_RESOURCE_MISSING,
          "dev mode's recording cluster (%s) has no namespace %s in context %s; it has: %s"
              .formatted(state.path(), namespace, context, state.read().keySet()));
    }
  }

  @Override
  public Replicas replicas(Workload workload) {
    int desired = existing(workload);
    return new Replicas(desired, desired);
  }

  @Override
  public int scale(Workload workload, int replicas) {
    int previous = existing(workload);
    state.update(entries -> entries.put(key(workload), replicas));
    return previous;
  }

  private int existing(Workload workload) {
    Integer replicas = state.read().get(key(workload));
    if (replicas == null) {
      throw new DrdException(
          FailureType.CLUSTER_RESOURCE_MISSING,
          "%s is not in dev mode's recording cluster (%s); it knows: %s"
              .formatted(workload.describe(), state.path(), state.read().keySet()));
    }
    return replicas;
  }

  private static String key(Workload w) {
    return "%s/%s/%s/%s".formatted(w.context(), w.namespace(), w.kind(), w.name());
  }

  private static Map<String, Integer> seed() {
    Map<String, Integer> seed = new LinkedHashMap<>();
    seed.put("dev-east/shop/Deployment/shop-api", 2);
    seed.put("dev-east/shop/Deployment/shop-worker", 1);
    seed.put("dev-west/shop/Deployment/shop-api", 0);
    seed.put("dev-west/shop/Deployment/shop-worker", 0);
    return seed;
  }
}
