package dev.drd.recover;

import dev.drd.cluster.ClusterScaler;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Databases;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.Sessions;
import dev.drd.runbook.PreflightCheck;
import dev.drd.runbook.PreflightReport;
import dev.drd.runbook.ScaleRequest;
import dev.drd.runbook.ScaleResult;
import dev.drd.runbook.ScaledWorkload;
import dev.drd.runbook.activities.PostCheckRunner;
import dev.drd.runbook.activities.WorkloadScaling;
import dev.drd.temporal.ActivityPause;
import dev.drd.temporal.ThrottledHeartbeat;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A corruption recovery's side effects: on the target's server, the cluster, the post-checks. */
public final class RecoverActivitiesImpl implements RecoverActivities {
  private static final Logger log = LoggerFactory.getLogger(RecoverActivitiesImpl.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final int MAX_NAME = 63;
  private static final Duration ENDING = Duration.ofSeconds(10);
  static final String DATABASE_SERVER = "database-server";

  private final DrdConfig config;
  private final Secrets secrets;
  private final ClusterScaler scaler;
  private final Clock clock;
  private final PostCheckRunner postChecks = new PostCheckRunner();

  public RecoverActivitiesImpl(
      DrdConfig config, Secrets secrets, ClusterScaler scaler, Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.scaler = scaler;
    this.clock = clock;
  }

  @Override
  public RecoveryPreflight preflight(RecoverRunbook runbook) {
    TargetConfig t = config.requireTarget(runbook.target());
    List<PreflightCheck> checks = new ArrayList<>();
    checks.add(
        PreflightReport.check(
            DATABASE_SERVER,
            () ->
                Databases.exists(server(t), t.database())
                    ? "%s:%d answers, database %s is there"
                        .formatted(t.host(), t.port(), t.database())
                    : ("%s:%d answers, database %s is NOT there (nothing to keep: skip the keep"
                            + " step when it fails)")
                        .formatted(t.host(), t.port(), t.database())));
    runbook.services().workloads().stream()
        .map(w -> new Cluster(w.context(), w.namespace()))
        .distinct()
        .forEach(c ->
            checks.add(
                PreflightReport.check(
                    c.checkName(),
                    () -> {
                      scaler.checkReachable(c.context(), c.namespace());
                      return "namespace %s answers".formatted(c.namespace());
                    })));
    log.info("recovery preflight of {}: {}", runbook.target(), checks);
    return new RecoveryPreflight(t.database(), new PreflightReport(checks));
  }

  @Override
  public int replicas(ScaledWorkload workload) {
    return scaler.replicas(workload.workload()).desired();
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    return WorkloadScaling.scale(scaler, request);
  }

  @Override
  public String check(PostCheckRequest request) {
    RecoverRunbook runbook = request.runbook();
    if (request.kind() == RecoverStepKind.HTTP_CHECK) {
      return postChecks.http(
          runbook.postChecks().http().get(request.index()), "now that it runs again");
    }
    TargetConfig t = config.requireTarget(runbook.target());
    return postChecks.write(PostgresEndpoint.of(t, secrets), "drd recovery check");
  }

  @Override
  public DrainResult drainSessions(DrainRequest request) {
    Duration timeout = request.timeout();
    TargetConfig t = config.requireTarget(request.target());
    PostgresEndpoint server = server(t);
    Optional<String> database = Optional.of(t.database());
    Instant started = clock.instant();
    ThrottledHeartbeat heartbeat = new ThrottledHeartbeat(Activity.getExecutionContext());
    List<Sessions.ClientSession> left = Sessions.list(server, database);
    while (!left.isEmpty() && Duration.between(started, clock.instant()).compareTo(timeout) < 0) {
      List<Sessions.ClientSession> now = left;
      heartbeat.maybeSend(
          () -> "%d client session(s) of %s left".formatted(now.size(), t.database()));
      ActivityPause.of(POLL);
      left = Sessions.list(server, database);
    }
    List<String> ended = left.stream().map(Sessions.ClientSession::describe).toList();
    if (!ended.isEmpty()) {
      end(server, database);
      log.warn(
          "ended {} session(s) of {} after {}: {}", ended.size(), t.database(), timeout, ended);
    }
    return new DrainResult(Duration.between(started, clock.instant()), ended);
  }

  @Override
  public String keepCorrupt(KeepCorruptRequest request) {
    TargetConfig t = config.requireTarget(request.target());
    PostgresEndpoint server = server(t);
    String kept = t.database() + "_corrupt_" + request.stamp();
    if (kept.length() > MAX_NAME) {
      throw new DrdException(
          FailureType.DATABASE_ERROR,
          "cannot keep %s as %s: PostgreSQL names have at most %d characters; rename it by hand"
              .formatted(t.database(), kept, MAX_NAME));
    }
    // the catalog only: connecting to a corrupt database may itself fail
    boolean original = Databases.exists(server, t.database());
    boolean done = Databases.exists(server, kept);
    if (!original && done) {
      return kept;
    }
    if (!original) {
      throw new DrdException(
          FailureType.DATABASE_NOT_FOUND,
          ("database %s does not exist on %s:%d, and no %s was kept: nothing to keep. Check the"
                  + " target, or skip this step")
              .formatted(t.database(), t.host(), t.port(), kept));
    }
    // a client that came back after the drain would block the rename
    int ended = end(server, Optional.of(t.database()));
    Databases.rename(server, t.database(), kept);
    log.info("kept the corrupt database {} as {}", t.database(), kept);
    if (ended > 0) {
      log.warn("ended {} session(s) that had reconnected to {} since the drain", ended, kept);
    }
    return kept;
  }

  private PostgresEndpoint server(TargetConfig t) {
    return PostgresEndpoint.of(t, secrets).withDatabase(Databases.MAINTENANCE_DATABASE);
  }

  /**
   * Ends the database's sessions and waits until their backends are gone: a terminated backend
   * takes a moment to exit, and until then it blocks a rename.
   */
  private int end(PostgresEndpoint server, Optional<String> database) {
    int ended = Sessions.terminate(server, database);
    Instant deadline = clock.instant().plus(ENDING);
    while (ended > 0
        && !Sessions.list(server, database).isEmpty()
        && clock.instant().isBefore(deadline)) {
      ActivityPause.of(Duration.ofMillis(100));
    }
    return ended;
  }

  /** A cluster and namespace of the services, checked once however many services it holds. */
  private record Cluster(String context, String namespace) {
    String checkName() {
      return "cluster-%s-%s".formatted(context == null ? "current" : context, namespace);
    }
  }
}
