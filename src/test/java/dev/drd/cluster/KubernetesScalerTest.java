package dev.drd.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.TestKubernetes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against fabric8's mock API server: CRUD mode (no controllers), or answering fixed errors. */
@EnableKubernetesMockClient(crud = true)
class KubernetesScalerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  KubernetesClient client;
  KubernetesMockServer server;

  private KubernetesScaler scaler;

  private static Workload deployment(String name) {
    return new Workload(null, "shop", "Deployment", name);
  }

  @BeforeEach
  void createWorkloads() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    createDeployment("frontend", 3);
    createDeployment("history", 5);
    client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("matching")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .build())
        .create();
    scaler = new KubernetesScaler(client, TIMEOUT);
  }

  private void createDeployment(String name, int replicas) {
    TestKubernetes.deployment(client, "shop", name, replicas);
  }

  private Deployment stored(String name) {
    return client.apps().deployments().inNamespace("shop").withName(name).get();
  }

  @Test
  void scalesDeploymentsToZeroAndBackReturningTheCountsBefore() {
    assertThat(scaler.scale(deployment("frontend"), 0)).isEqualTo(3);
    assertThat(scaler.scale(deployment("history"), 0)).isEqualTo(5);
    assertThat(stored("frontend").getSpec().getReplicas()).isZero();
    assertThat(stored("history").getSpec().getReplicas()).isZero();

    assertThat(scaler.scale(deployment("frontend"), 3)).isZero();
    assertThat(scaler.scale(deployment("history"), 5)).isZero();
    assertThat(stored("frontend").getSpec().getReplicas()).isEqualTo(3);
    assertThat(stored("history").getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void scalesStatefulSets() {
    Workload matching = new Workload(null, "shop", "StatefulSet", "matching");
    assertThat(scaler.scale(matching, 0)).isEqualTo(2);
    assertThat(scaler.replicas(matching)).isEqualTo(new Replicas(0, 0));
    assertThat(scaler.scale(matching, 2)).isZero();
    assertThat(scaler.replicas(matching).desired()).isEqualTo(2);
  }

  @Test
  void replicasAreTheDesiredAndTheReadyCounts() {
    assertThat(scaler.replicas(deployment("frontend"))).isEqualTo(new Replicas(3, 0));
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("frontend")
        .editStatus(d ->
            new DeploymentBuilder(d).editOrNewStatus().withReadyReplicas(2).endStatus().build());
    assertThat(scaler.replicas(deployment("frontend"))).isEqualTo(new Replicas(3, 2));
  }

  @Test
  void scalingTwiceToTheSameCountChangesNothingTheSecondTime() {
    assertThat(scaler.scale(deployment("frontend"), 0)).isEqualTo(3);
    int requests = server.getRequestCount();
    assertThat(scaler.scale(deployment("frontend"), 0)).isZero();
    assertThat(server.getRequestCount() - requests).as("requests: only the read").isEqualTo(1);
    assertThat(stored("frontend").getSpec().getReplicas()).isZero();
  }

  @Test
  void aMissingDeploymentIsAMissingResourceNamedInTheMessage() {
    for (Consumer<Workload> call :
        List.<Consumer<Workload>>of(scaler::replicas, w -> scaler.scale(w, 0))) {
      DrdException e =
          catchThrowableOfType(DrdException.class, () -> call.accept(deployment("billing")));
      assertThat(e.type()).isEqualTo(FailureType.CLUSTER_RESOURCE_MISSING);
      assertThat(e.getMessage()).contains("Deployment shop/billing");
    }
  }

  @Test
  void aMissingNamespaceIsAMissingResource() {
    scaler.checkReachable(null, "shop");
    DrdException e =
        catchThrowableOfType(DrdException.class, () -> scaler.checkReachable(null, "warehouse"));
    assertThat(e.type()).isEqualTo(FailureType.CLUSTER_RESOURCE_MISSING);
    assertThat(e.getMessage()).contains("namespace warehouse");
  }

  @Test
  void anUnsupportedKindNamesTheKindsThatAre() {
    assertThatThrownBy(() -> scaler.scale(new Workload(null, "shop", "CronJob", "x"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CronJob")
        .hasMessageContaining("Deployment")
        .hasMessageContaining("StatefulSet");
  }

  @Test
  void aClosedPortIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertUnreachableQuickly(port);
  }

  @Test
  void anApiServerThatNeverAnswersIsUnreachableAfterTheTimeout() throws IOException {
    // The kernel completes the TCP handshake for the backlog; nothing ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0)) {
      assertUnreachableQuickly(silent.getLocalPort());
    }
  }

  private void assertUnreachableQuickly(int port) {
    Config config = Config.empty();
    config.setMasterUrl("http://127.0.0.1:" + port);
    try (KubernetesClient unanswered = KubernetesScaler.connect(config, Duration.ofMillis(500));
        KubernetesScaler unreachable = new KubernetesScaler(unanswered, TIMEOUT)) {
      long start = System.nanoTime();
      DrdException e =
          catchThrowableOfType(
              DrdException.class, () -> unreachable.replicas(deployment("frontend")));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(e.type()).isEqualTo(FailureType.CLUSTER_UNREACHABLE);
      assertThat(e.getMessage()).contains("127.0.0.1:" + port);
      assertThat(
              catchThrowableOfType(
                      DrdException.class, () -> unreachable.checkReachable(null, "shop"))
                  .type())
          .isEqualTo(FailureType.CLUSTER_UNREACHABLE);
    }
  }

  @Test
  void contextsComeFromTheKubeconfig(@TempDir Path dir) throws IOException {
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: eu
          cluster: {server: "%1$s", insecure-skip-tls-verify: true}
        - name: untrusted
          cluster: {server: "%1$s"}
        users:
        - name: drd
          user: {token: secret}
        contexts:
        - name: eu
          context: {cluster: eu, user: drd}
        - name: untrusted
          context: {cluster: untrusted, user: drd}
        current-context: eu
        """
            .formatted(client.getConfiguration().getMasterUrl()));
    String before = System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
    try (KubernetesScaler fromKubeconfig = new KubernetesScaler(TIMEOUT)) {
      assertThat(fromKubeconfig.replicas(new Workload("eu", "shop", "Deployment", "frontend")))
          .isEqualTo(new Replicas(3, 0));
      DrdException e =
          catchThrowableOfType(
              DrdException.class, () -> fromKubeconfig.checkReachable("us", "shop"));
      assertThat(e.type()).isEqualTo(FailureType.CLUSTER_RESOURCE_MISSING);
      assertThat(e.getMessage()).contains("context us");
      assertThat(
              catchThrowableOfType(
                      DrdException.class, () -> fromKubeconfig.checkReachable("untrusted", "shop"))
                  .type())
          .isEqualTo(FailureType.CLUSTER_REFUSED);
    } finally {
      if (before == null) {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
      } else {
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, before);
      }
    }
  }

  @Test
  void deniedRequestsAreRefusedAndServerErrorsAreFailures() {
    againstExpectations((errors, refusing) -> {
      answer(errors, "/apis/apps/v1/namespaces/shop/deployments/frontend/scale", 403);
      answer(errors, "/apis/apps/v1/namespaces/shop/deployments/history", 500);

      DrdException denied =
          catchThrowableOfType(DrdException.class, () -> refusing.scale(deployment("frontend"), 0));
      assertThat(denied.type()).isEqualTo(FailureType.CLUSTER_REFUSED);
      assertThat(denied.getMessage()).contains("deployments/scale", "shop/frontend");
      DrdException failed =
          catchThrowableOfType(DrdException.class, () -> refusing.replicas(deployment("history")));
      assertThat(failed.type()).isEqualTo(FailureType.CLUSTER_FAILED);
    });
  }

  @Test
  void withoutReadOnNamespacesListingDeploymentsProvesAccess() {
    againstExpectations((errors, scoped) -> {
      answer(errors, "/api/v1/namespaces/shop", 403);
      errors
          .expect()
          .get()
          .withPath("/apis/apps/v1/namespaces/shop/deployments?limit=1")
          .andReturn(200, new DeploymentListBuilder().build())
          .once();
      scoped.checkReachable(null, "shop");

      answer(errors, "/apis/apps/v1/namespaces/shop/deployments?limit=1", 403);
      DrdException e =
          catchThrowableOfType(DrdException.class, () -> scoped.checkReachable(null, "shop"));
      assertThat(e.type()).isEqualTo(FailureType.CLUSTER_REFUSED);
    });
  }

  /** Runs a test against a second mock server that answers only what the test expects. */
  private static void againstExpectations(BiConsumer<KubernetesMockServer, KubernetesScaler> test) {
    KubernetesMockServer errors = new KubernetesMockServer(false);
    errors.init();
    try (KubernetesClient client =
            errors.createClient(
                b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
        KubernetesScaler scaler = new KubernetesScaler(client, TIMEOUT)) {
      test.accept(errors, scaler);
    } finally {
      errors.destroy();
    }
  }

  private static void answer(KubernetesMockServer errors, String path, int code) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withMessage("HTTP " + code)
            .build();
    errors.expect().get().withPath(path).andReturn(code, status).always();
  }
}
