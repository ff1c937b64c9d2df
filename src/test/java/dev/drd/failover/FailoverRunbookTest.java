package dev.drd.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.drd.cluster.KubernetesScaler;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.Replication;
import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepState;
import dev.drd.runbook.StepStatus;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.TestBind;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestKubernetes;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestWorkflows;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The failover workflow on real components: a PostgreSQL primary and its streaming replica, BIND
 * taking RFC 2136 updates, fabric8's Kubernetes mock API (with a stand-in controller that makes
 * scaled replicas ready), and an HTTP health endpoint.
 */
@EnableKubernetesMockClient(crud = true)
class FailoverRunbookTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(FailoverWorkflowImpl.class);

  KubernetesClient client;

  private TestPostgres pg;
  private TestBind bind;
  private HttpServer health;
  private ScheduledExecutorService controller;

  @BeforeEach
  void components() throws Exception {
    pg = TestPostgres.startWithReplica();
    pg.execute("postgres", "CREATE TABLE orders (id int)");
    bind = TestBind.start();
    health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    health.start();
    TestKubernetes.namespace(client, "us");
    TestKubernetes.namespace(client, "eu");
    TestKubernetes.deployment(client, "us", "frontend", 3);
    TestKubernetes.deployment(client, "eu", "frontend", 0);
    controller = Executors.newSingleThreadScheduledExecutor();
    controller.scheduleWithFixedDelay(
        () -> TestKubernetes.makeReplicasReady(client, "eu"), 0, 200, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    controller.shutdownNow();
    health.stop(0);
    bind.close();
    pg.close();
  }

  private DrdConfig config() {
    String targets =
        TestConfigs.target("old-primary", pg.host(), pg.port(), "postgres", "")
            + TestConfigs.target("dr-replica", "127.0.0.1", pg.replica().port(), "postgres", "");
    return new ConfigLoader(Map.of())
        .load(
            new ConfigSource(
                "test",
                TestConfigs.yaml("127.0.0.1:7233", "q", TestS3.newBucket(""), targets, "")));
  }

  private FailoverRunbook runbook(DrdConfig config, String maxLag) {
    return new FailoverRunbookLoader(new ConfigLoader(Map.of()), config)
        .load(
            new ConfigSource(
                "failover-test.yaml",
                """
                from: us
                to: eu
                database: { promote: dr-replica, fence: old-primary, maxLag: %s }
                approval: { required: true }
                scaleDown: { workloads: [ { namespace: us, name: frontend } ] }
                dns:
                  provider: rfc2136
                  zone: %s
                  record: db.%s
                  value: replica.%s
                  ttl: 30
                  rfc2136: { server: "127.0.0.1:%d", keyName: %s, keySecretEnv: TSIG_SECRET }
                scaleUp: { timeout: 30s, workloads: [ { namespace: eu, name: frontend, replicas: 3 } ] }
                postChecks: { http: [ { url: "http://127.0.0.1:%d/health" } ] }
                """
                    .formatted(
                        maxLag,
                        TestBind.ZONE,
                        TestBind.ZONE,
                        TestBind.ZONE,
                        bind.port(),
                        bind.keyName(),
                        health.getAddress().getPort())));
  }

  private void startWorker(Worker worker, TestWorkflowEnvironment env, DrdConfig config) {
    worker.registerActivitiesImplementations(
        new FailoverActivitiesImpl(
            config,
            new Secrets(Map.of("TSIG_SECRET", bind.keySecret())),
            new KubernetesScaler(client, Duration.ofSeconds(5)),
            DnsRouters::forSwitch,
            S3ObjectStore.create(config.storage())));
    env.start();
  }

  private static FailoverWorkflow workflow(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        FailoverWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
  }

  private PostgresEndpoint replica() {
    return new PostgresEndpoint(
        "dr", "127.0.0.1", pg.replica().port(), "postgres", "postgres", null, "disable");
  }

  @Test
  void aFailoverPromotesTheReplicaFencesTheOldPrimarySwitchesDnsAndMovesTheServices(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = config();
    startWorker(worker, env, config);

    RunbookProgress done =
        workflow(workflows, worker, "failover/us-to-eu")
            .run(new FailoverRequest(runbook(config, "{ bytes: 16MiB }"), true, null, "alice"));

    assertThat(done.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(done.steps())
        .allSatisfy(s ->
            assertThat(s.state()).as(s.step() + ": " + s.message()).isEqualTo(StepStatus.DONE));
    assertThat(Replication.replicaState(replica()).inRecovery()).isFalse();
    try (Connection c = Postgres.connect(replica(), "test");
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO orders VALUES (1)");
    }
    assertThat(pg.text("postgres", "SHOW default_transaction_read_only")).isEqualTo("on");
    assertThat(bind.answers("db." + TestBind.ZONE, "CNAME"))
        .singleElement()
        .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("replica." + TestBind.ZONE));
    assertThat(TestKubernetes.desiredReplicas(client, "us", "frontend")).isZero();
    assertThat(TestKubernetes.desiredReplicas(client, "eu", "frontend")).isEqualTo(3);
    assertThat(done.steps())
        .extracting(StepState::message)
        .anySatisfy(m -> assertThat(m).startsWith("promoted in"))
        .anySatisfy(m -> assertThat(m).contains("in sync after", "TTL of 30s"))
        .anySatisfy(m -> assertThat(m).contains("0 → 3 replicas, 3 ready"))
        .anySatisfy(m -> assertThat(m).contains("/health: 204"))
        .anySatisfy(m -> assertThat(m).startsWith("wrote and read 1 row on dr-replica"));
  }

  @Test
  void aReplicaBehindItsLimitIsRefusedByThePreflightWithNothingChanged(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = config();
    startWorker(worker, env, config);
    try (Connection c = Postgres.connect(replica(), "test");
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_wal_replay_pause()");
    }
    pg.execute("postgres", "INSERT INTO orders SELECT generate_series(1, 50000)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Replication.replicaState(replica()).lagBytes() < 10_000
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                workflow(workflows, worker, "failover/us-to-eu")
                    .run(
                        new FailoverRequest(
                            runbook(config, "{ bytes: 1KiB }"), true, null, "alice")));

    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertThat(failure.getType()).isEqualTo("PREFLIGHT_FAILED");
    assertThat(failure.getOriginalMessage())
        .contains("FAILED replica-lag", "replay is PAUSED", "--force replica-lag");
    assertThat(Replication.replicaState(replica()).inRecovery()).isTrue();
    assertThat(TestKubernetes.desiredReplicas(client, "us", "frontend")).isEqualTo(3);
    assertThat(bind.answers("db." + TestBind.ZONE, "CNAME"))
        .singleElement()
        .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("primary." + TestBind.ZONE));
  }

  /**
   * Issue 14, case 1: a replica cut off from a primary that still answers has nothing left to
   * replay, so measured on the replica alone it looked caught up while it lacked committed rows.
   */
  @Test
  void aReplicaCutOffFromAReachablePrimaryIsRefusedWithWhatItLacks(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = config();
    startWorker(worker, env, config);
    cutOffReplica();
    pg.execute(
        "postgres",
        "CREATE TABLE committed AS SELECT g id, md5(g::text) t FROM generate_series(1, 300000) g");

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                workflow(workflows, worker, "failover/us-to-eu")
                    .run(
                        new FailoverRequest(
                            runbook(config, "{ bytes: 16MiB, time: 10m }"), true, null, "alice")));

    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertThat(failure.getType()).isEqualTo("PREFLIGHT_FAILED");
    assertThat(failure.getOriginalMessage())
        .contains(
            "FAILED replica-streaming: the replica is cut off from its primary",
            "FAILED replica-lag: trails the primary by",
            "--force replica-streaming --force replica-lag")
        .doesNotContain("FAILED primary-reachable");
    assertThat(Replication.replicaState(replica()).inRecovery()).isTrue();
    assertThat(pg.text("postgres", "SHOW default_transaction_read_only")).isEqualTo("off");
    assertThat(TestKubernetes.desiredReplicas(client, "us", "frontend")).isEqualTo(3);
  }

  /**
   * Issue 14, case 1: with the old primary gone, the preflight says so with what the replica last
   * received and when it last heard from the primary, and goes on only when forced, with that
   * data-loss statement kept in the preflight's record.
   */
  @Test
  void anOldPrimaryThatDoesNotAnswerNeedsForceAndTheRecordKeepsWhatIsLost(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient workflows) throws Exception {
    DrdConfig config = config();
    startWorker(worker, env, config);
    pg.primary().stop();
    FailoverRunbook runbook = runbook(config, "{ bytes: 16MiB, time: 10m }");

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                workflow(workflows, worker, "failover/us-to-eu")
                    .run(new FailoverRequest(runbook, true, null, "alice")));

    assertThat(((ApplicationFailure) e.getCause()).getOriginalMessage())
        .contains(
            "FAILED primary-reachable: the old primary old-primary does not answer",
            "The replica last received WAL up to",
            "is LOST if the failover goes on",
            "ok replica-streaming: not streaming",
            "measured on the replica alone",
            "start again with --force primary-reachable");
    assertThat(Replication.replicaState(replica()).inRecovery()).isTrue();
    assertThat(TestKubernetes.desiredReplicas(client, "us", "frontend")).isEqualTo(3);

    RunbookProgress forced =
        workflow(workflows, worker, "failover/us-to-eu-forced")
            .run(
                new FailoverRequest(
                    runbook, true, List.of(FailoverPreflight.PRIMARY_REACHABLE), "alice"));

    assertThat(forced.state()).isEqualTo(RunbookStatus.COMPLETED);
    assertThat(forced.steps().get(0).message())
        .contains("FORCED by alice, primary-reachable: the old primary old-primary does not answer")
        .contains("is LOST if the failover goes on");
  }

  private void cutOffReplica() throws Exception {
    try (Connection c = Postgres.connect(replica(), "test");
        Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET primary_conninfo = ''");
      st.execute("SELECT pg_reload_conf()");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Replication.replicaState(replica()).streaming()) {
      assertThat(System.nanoTime()).as("the WAL receiver stops").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
