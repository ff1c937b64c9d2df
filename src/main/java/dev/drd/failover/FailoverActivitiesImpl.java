package dev.drd.failover;

import dev.drd.cluster.ClusterScaler;
import dev.drd.cluster.Replicas;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.Secrets;
import dev.drd.dns.DnsChange;
import dev.drd.dns.DnsRouter;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.Promotion;
import dev.drd.postgres.ReplicaState;
import dev.drd.postgres.Replication;
import dev.drd.runbook.HttpCheck;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The failover's side effects, on the adapters: replication, cluster scaling, DNS, HTTP. */
public final class FailoverActivitiesImpl implements FailoverActivities {
  private static final Logger log = LoggerFactory.getLogger(FailoverActivitiesImpl.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);

  private final DrdConfig config;
  private final Secrets secrets;
  private final ClusterScaler scaler;
  private final BiFunction<DnsSwitch, Secrets, DnsRouter> routers;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FailoverActivitiesImpl(
      DrdConfig config,
      Secrets secrets,
      ClusterScaler scaler,
      BiFunction<DnsSwitch, Secrets, DnsRouter> routers) {
    this.config = config;
    this.secrets = secrets;
    this.scaler = scaler;
    this.routers = routers;
  }

  @Override
  public PreflightReport preflight(FailoverRunbook runbook) {
    List<PreflightCheck> checks = new ArrayList<>();
    replica(runbook.database(), checks);
    Set<Cluster> clusters = new LinkedHashSet<>();
    runbook
        .scaleUp()
        .workloads()
        .forEach(w -> clusters.add(new Cluster(w.context(), w.namespace())));
    for (Cluster cluster : clusters) {
      checks.add(
          check(
              PreflightReport.clusterCheckName(runbook, cluster.context()),
              () -> {
                scaler.checkReachable(cluster.context(), cluster.namespace());
                return "namespace %s answers".formatted(cluster.namespace());
              }));
    }
    checks.add(
        check(
            PreflightReport.DNS,
            () -> {
              try (AutoCloseableRouter router =
                  new AutoCloseableRouter(routers.apply(runbook.dns(), secrets))) {
                List<String> now = router.router().current(runbook.dns().dnsRecord());
                return "%s is %s now"
                    .formatted(runbook.dns().record(), now.isEmpty() ? "absent" : now);
              }
            }));
    log.info("failover preflight {} → {}: {}", runbook.from(), runbook.to(), checks);
    return new PreflightReport(checks);
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    int previous = scaler.scale(request.workload().workload(), request.replicas());
    long deadline = System.nanoTime() + request.timeout().toNanos();
    Replicas now = scaler.replicas(request.workload().workload());
    while (request.awaitReady() && now.ready() < request.replicas()) {
      if (System.nanoTime() > deadline) {
        throw new DrdException(
            FailureType.CLUSTER_FAILED,
            "%s has %d of %d replicas ready after %s; check its pods (kubectl describe), then retry"
                .formatted(
                    request.workload().workload().describe(),
                    now.ready(),
                    request.replicas(),
                    Durations.format(request.timeout())));
      }
      Activity.getExecutionContext()
          .heartbeat("%d of %d ready".formatted(now.ready(), request.replicas()));
      sleep(POLL);
      now = scaler.replicas(request.workload().workload());
    }
    return new ScaleResult(previous, now.ready());
  }

  @Override
  public String fence(String target) {
    int ended = Replication.fence(endpoint(target));
    return "read-only (default_transaction_read_only), %d client session(s) ended".formatted(ended);
  }

  @Override
  public String promote(String target) {
    Promotion p = Replication.promote(endpoint(target), PROMOTE_WAIT);
    return p.alreadyPrimary()
        ? "already a primary (promoted before) at %s".formatted(p.lsn())
        : "promoted in %dms, now a primary at %s".formatted(p.tookMillis(), p.lsn());
  }

  @Override
  public String switchDns(DnsSwitch dns) {
    long started = System.nanoTime();
    try (AutoCloseableRouter closing = new AutoCloseableRouter(routers.apply(dns, secrets))) {
      DnsRouter router = closing.router();
      DnsChange change = router.upsert(dns.dnsRecord(), dns.value(), dns.ttl());
      while (!router.inSync(change)) {
        Activity.getExecutionContext().heartbeat("waiting for " + change.id() + " to be in sync");
        sleep(POLL);
      }
      return "%s %s → %s in sync after %s; clients follow within the TTL of %ds"
          .formatted(
              dns.record(),
              dns.type(),
              change.value(),
              Durations.format(Duration.ofNanos(System.nanoTime() - started)),
              dns.ttl());
    }
  }

  @Override
  public String check(FailoverRunbook runbook, StepKind kind, int index) {
    return kind == StepKind.HTTP_CHECK
        ? httpCheck(runbook.postChecks().http().get(index))
        : writeCheck(runbook.database().promote());
  }

  private String httpCheck(HttpCheck check) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(check.url()).timeout(check.timeout()).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new DrdException(
            FailureType.POST_CHECK_FAILED,
            ("GET %s answered %d, not 2xx: check the service in the new region (its pods, its"
                    + " logs), then retry the step")
                .formatted(check.url(), response.statusCode()));
      }
      return "GET %s: %d".formatted(check.url(), response.statusCode());
    } catch (IOException e) {
      throw new DrdException(
          FailureType.POST_CHECK_FAILED,
          ("GET %s failed: %s. Check that the service in the new region answers at that URL,"
                  + " then retry the step")
              .formatted(check.url(), e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted during GET " + check.url(), e);
    }
  }

  private String writeCheck(String target) {
    PostgresEndpoint endpoint = endpoint(target);
    try (Connection c = Postgres.connect(endpoint, "drd failover check");
        Statement st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE drd_failover_check (at timestamptz)");
      st.execute("INSERT INTO drd_failover_check VALUES (now())");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM drd_failover_check")) {
        rs.next();
        return "wrote and read %d row on %s".formatted(rs.getLong(1), endpoint.describe());
      }
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  private void replica(DatabaseSwitch db, List<PreflightCheck> checks) {
    ReplicaState state;
    try {
      state = Replication.replicaState(endpoint(db.promote()));
    } catch (DrdException e) {
      checks.add(new PreflightCheck(PreflightReport.REPLICA_REACHABLE, false, e.getMessage()));
      return;
    }
    checks.add(
        new PreflightCheck(PreflightReport.REPLICA_REACHABLE, true, db.promote() + " answers"));
    checks.add(
        new PreflightCheck(
            PreflightReport.REPLICA_IN_RECOVERY,
            state.inRecovery(),
            state.inRecovery()
                ? "a standby, replayed up to " + state.replayLsn()
                : "not in recovery: it is a primary already (promoted before?)"));
    MaxLag max = db.maxLag();
    boolean bytesOk = max.bytes() == null || state.lagBytes() <= max.bytes().bytes();
    boolean timeOk =
        max.time() == null
            || state.replayDelay() == null
            || state.replayDelay().compareTo(max.time()) <= 0;
    checks.add(
        new PreflightCheck(
            PreflightReport.REPLICA_LAG,
            bytesOk && timeOk,
            "%s received but not replayed%s, replay delay %s%s%s"
                .formatted(
                    DataSize.format(state.lagBytes()),
                    max.bytes() == null ? "" : " (limit " + max.bytes() + ")",
                    state.replayDelay() == null ? "-" : Durations.format(state.replayDelay()),
                    max.time() == null ? "" : " (limit " + Durations.format(max.time()) + ")",
                    state.replayPaused() ? ", replay is PAUSED" : "")));
  }

  private PostgresEndpoint endpoint(String target) {
    return PostgresEndpoint.of(config.requireTarget(target), secrets);
  }

  /** The DR region's clusters the preflight asks: one check per context and namespace. */
  private record Cluster(String context, String namespace) {}

  private interface Check {
    String run() throws Exception;
  }

  private static PreflightCheck check(String name, Check check) {
    try {
      return new PreflightCheck(name, true, check.run());
    } catch (Exception e) {
      return new PreflightCheck(name, false, e.getMessage());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while waiting", e);
    }
  }

  /** Closes routers that hold a client (Route 53), leaves the others. */
  private record AutoCloseableRouter(DnsRouter router) implements AutoCloseable {
    @Override
    public void close() {
      if (router instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          log.debug("closing the DNS client: {}", e.getMessage());
        }
      }
    }
  }
}
