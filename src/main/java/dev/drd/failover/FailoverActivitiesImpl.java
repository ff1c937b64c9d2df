package dev.drd.failover;

import dev.drd.archive.ArchiveCatchUp;
import dev.drd.cluster.ClusterScaler;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.Secrets;
import dev.drd.dns.DnsChange;
import dev.drd.dns.DnsRouter;
import dev.drd.failure.DrdException;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.PrimaryPosition;
import dev.drd.postgres.Promotion;
import dev.drd.postgres.ReplicaState;
import dev.drd.postgres.Replication;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.activities.PostCheckRunner;
import dev.drd.runbook.activities.WorkloadScaling;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.ActivityPause;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The failover's side effects, on the adapters: replication, cluster scaling, DNS, HTTP. */
public final class FailoverActivitiesImpl implements FailoverActivities {
  private static final Logger log = LoggerFactory.getLogger(FailoverActivitiesImpl.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);
  private static final Duration ARCHIVE_REPLAY_WAIT = Duration.ofSeconds(30);

  private final DrdConfig config;
  private final Secrets secrets;
  private final ClusterScaler scaler;
  private final BiFunction<DnsSwitch, Secrets, DnsRouter> routers;
  private final PostCheckRunner postChecks = new PostCheckRunner();
  private final ArchiveCatchUp archive;

  /**
   * @param store the bucket, where the archive says how far it holds the old primary's WAL
   */
  public FailoverActivitiesImpl(
      DrdConfig config,
      Secrets secrets,
      ClusterScaler scaler,
      BiFunction<DnsSwitch, Secrets, DnsRouter> routers,
      ObjectStore store) {
    this.config = config;
    this.secrets = secrets;
    this.scaler = scaler;
    this.routers = routers;
    this.archive = new ArchiveCatchUp(config, store, Clock.systemUTC());
  }

  @Override
  public PreflightReport preflight(FailoverRunbook runbook) {
    List<PreflightCheck> checks = new ArrayList<>();
    database(runbook.database(), checks);
    Set<Cluster> clusters = new LinkedHashSet<>();
    runbook
        .scaleUp()
        .workloads()
        .forEach(w -> clusters.add(new Cluster(w.context(), w.namespace())));
    for (Cluster cluster : clusters) {
      checks.add(
          PreflightReport.check(
              FailoverPreflight.clusterCheckName(runbook, cluster.context()),
              () -> {
                scaler.checkReachable(cluster.context(), cluster.namespace());
                return "namespace %s answers".formatted(cluster.namespace());
              }));
    }
    checks.add(
        PreflightReport.check(
            FailoverPreflight.DNS,
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
    return WorkloadScaling.scale(scaler, request);
  }

  @Override
  public String fence(String target) {
    int ended = Replication.fence(endpoint(target));
    return "read-only (default_transaction_read_only), %d client session(s) ended".formatted(ended);
  }

  @Override
  public String unfence(String target) {
    Replication.unfence(endpoint(target));
    return "%s takes writes again (default_transaction_read_only reset)".formatted(target);
  }

  /**
   * A replica cut off from its primary first gets what the archive holds beyond what it received:
   * the promotion then loses nothing the archive holds.
   */
  @Override
  public String promote(String target) {
    PostgresEndpoint replica = endpoint(target);
    ReplicaState state = Replication.replicaState(replica);
    Optional<String> archived = archivedAs(replica, state);
    // a replica that streams gets everything from its primary, which holds more than the archive
    String fed =
        state.inRecovery() && !state.streaming()
            ? archive.feed(
                replica,
                state,
                ARCHIVE_REPLAY_WAIT,
                doing -> Activity.getExecutionContext().heartbeat(doing))
            : null;
    Promotion p = Replication.promote(replica, PROMOTE_WAIT);
    String promoted =
        p.alreadyPrimary()
            ? "already a primary (promoted before) at %s".formatted(p.lsn())
            : "promoted in %dms, now a primary at %s".formatted(p.tookMillis(), p.lsn());
    String kept = archived.map(name -> archive.keepNewTimeline(replica, name)).orElse(null);
    return Stream.of(fed, promoted, kept)
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.joining("; "));
  }

  /** The archived target whose archive holds the replica's server, if any and readable. */
  private Optional<String> archivedAs(PostgresEndpoint replica, ReplicaState state) {
    if (!state.inRecovery()) {
      return Optional.empty();
    }
    try {
      return archive.of(replica, state).map(ArchiveCatchUp.Position::target);
    } catch (DrdException unreadable) {
      log.warn("the archive cannot be read before the promotion: {}", unreadable.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public String switchDns(DnsSwitch dns) {
    long started = System.nanoTime();
    try (AutoCloseableRouter closing = new AutoCloseableRouter(routers.apply(dns, secrets))) {
      DnsRouter router = closing.router();
      DnsChange change = router.upsert(dns.dnsRecord(), dns.value(), dns.ttl());
      while (!router.inSync(change)) {
        Activity.getExecutionContext().heartbeat("waiting for " + change.id() + " to be in sync");
        ActivityPause.of(POLL);
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
  public String check(PostCheckRequest request) {
    FailoverRunbook runbook = request.runbook();
    return request.kind() == StepKind.HTTP_CHECK
        ? postChecks.http(runbook.postChecks().http().get(request.index()), "in the new region")
        : postChecks.write(endpoint(runbook.database().promote()), "drd failover check");
  }

  /** Reads the old primary first: WAL it writes meanwhile then shows as lag, never hides it. */
  private void database(DatabaseSwitch db, List<PreflightCheck> checks) {
    PrimaryPosition primary = null;
    String primaryError = null;
    if (db.fence() != null) {
      try {
        primary = Replication.primaryPosition(endpoint(db.fence()));
      } catch (DrdException e) {
        primaryError = e.getMessage();
      }
    }
    ReplicaState state;
    try {
      state = Replication.replicaState(endpoint(db.promote()));
    } catch (DrdException e) {
      checks.add(new PreflightCheck(FailoverPreflight.REPLICA_REACHABLE, false, e.getMessage()));
      return;
    }
    checks.add(
        new PreflightCheck(FailoverPreflight.REPLICA_REACHABLE, true, db.promote() + " answers"));
    checks.addAll(new DatabasePreflight(db, Instant.now()).checks(primary, primaryError, state));
    archiveCheck(db, state).ifPresent(checks::add);
  }

  /**
   * Informational: where the archive stands against the replica, known even when the old primary is
   * gone. An archive that cannot be read does not stop a failover.
   */
  private Optional<PreflightCheck> archiveCheck(DatabaseSwitch db, ReplicaState state) {
    try {
      return archive
          .of(endpoint(db.promote()), state)
          .map(p -> new PreflightCheck(FailoverPreflight.ARCHIVE, true, p.describe()));
    } catch (RuntimeException e) {
      return Optional.of(
          new PreflightCheck(
              FailoverPreflight.ARCHIVE,
              true,
              "the archive cannot be read (%s): a replica cut off from its primary is promoted"
                      .formatted(e.getMessage())
                  + " with what it received"));
    }
  }

  private PostgresEndpoint endpoint(String target) {
    return PostgresEndpoint.of(config.requireTarget(target), secrets);
  }

  /** The DR region's clusters the preflight asks: one check per context and namespace. */
  private record Cluster(String context, String namespace) {}

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
