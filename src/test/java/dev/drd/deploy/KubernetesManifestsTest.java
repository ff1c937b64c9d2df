package dev.drd.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.drd.config.ConfigException;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.HttpConfig;
import dev.drd.daemon.HealthServer;
import dev.drd.daemon.Readiness;
import dev.drd.deploy.Rbac.ApiRequest;
import dev.drd.testing.Http;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/kubernetes/ against drd itself: its config loader, its health server, the requests its
 * Kubernetes scaler makes, and the runbooks in runbooks/. Each check returns the problems it finds,
 * so that a broken copy of a manifest can show that the check fails.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesManifestsTest {
  /**
   * Past shutdown.gracefulTimeout drd interrupts what still runs and waits up to 10 s for it, then
   * closes its connections: the grace period must leave room for that.
   */
  private static final Duration DRAIN_BUFFER = Duration.ofSeconds(30);

  private static final int IMAGE_USER = 10001;

  static KubernetesClient client;
  static KubernetesMockServer server;

  /** What KubernetesScaler asks the API for the workloads the runbooks name. */
  private static Set<ApiRequest> scalerRequests;

  @BeforeAll
  static void recordTheScalersRequests() throws InterruptedException {
    Manifests m = Manifests.load();
    scalerRequests = ScalerRequests.of(client, server, RunbookWorkloads.of(m));
  }

  /** Every check, by what it guards. */
  static Stream<Arguments> checks() {
    return Stream.of(
        check(
            "one kind per file, drd's objects in its namespace",
            KubernetesManifestsTest::layoutProblems),
        check("no field Kubernetes does not know", KubernetesManifestsTest::unknownFieldProblems),
        check(
            "the ConfigMap's config loads with the Secret's names",
            KubernetesManifestsTest::configProblems),
        check("the grace period outlasts the drain", KubernetesManifestsTest::gracePeriodProblems),
        check("probes ask /health and /ready on http.port", KubernetesManifestsTest::probeProblems),
        check(
            "rollouts and drains keep a polling replica", KubernetesManifestsTest::rolloutProblems),
        check(
            "the image's non-root user, a read-only root",
            KubernetesManifestsTest::securityProblems),
        check("the Service's metrics port, by name", KubernetesManifestsTest::serviceProblems),
        check(
            "RBAC: exactly the scaler's requests for the runbooks",
            KubernetesManifestsTest::rbacProblems));
  }

  private static Arguments check(String name, Function<Manifests, List<String>> check) {
    return Arguments.of(name, check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void theShippedManifestsPass(String name, Function<Manifests, List<String>> check) {
    assertThat(check.apply(Manifests.load())).isEmpty();
  }

  @Test
  void theConfigMapsConfigHasTheExamplesTargetsWithPasswordsFromTheEnvironment() {
    DrdConfig deployed = DeployedConfig.load(Manifests.load());
    DrdConfig example =
        new ConfigLoader(Map.of()).load(ConfigSource.file(Path.of("config/drd.yaml")));
    assertThat(deployed.targetNames()).isEqualTo(example.targetNames());
    assertThat(deployed.targets())
        .allSatisfy(t -> assertThat(t.passwordFile()).as(t.name()).isNull());
  }

  @Test
  void theHealthServerServesTheProbedPaths() throws Exception {
    try (Readiness readiness = new Readiness(() -> true);
        HealthServer http =
            HealthServer.start(
                new HttpConfig("127.0.0.1", 0),
                readiness,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      assertThat(Http.get(http.port(), HealthServer.HEALTH_PATH).status()).isEqualTo(200);
      // Not polling yet: 503, which is an answer of /ready (a path it does not serve is 404).
      assertThat(Http.get(http.port(), HealthServer.READY_PATH))
          .isEqualTo(new Http.Response(503, "starting\n"));
      assertThat(Http.get(http.port(), HealthServer.METRICS_PATH).status()).isEqualTo(200);
    }
  }

  @Test
  void theScalerReadsEachWorkloadAndWritesItsScale() {
    assertThat(scalerRequests)
        .extracting(ApiRequest::verb, ApiRequest::resource)
        .contains(
            tuple("get", "deployments"),
            tuple("get", "deployments/scale"),
            tuple("update", "deployments/scale"),
            tuple("get", "namespaces"));
  }

  /** A broken copy of the manifests, what breaks it, and what the check must then say. */
  static Stream<Arguments> brokenCopies() {
    return Stream.of(
        broken(
            "the Secret in another namespace",
            m -> m.one(Secret.class).getMetadata().setNamespace("default"),
            KubernetesManifestsTest::layoutProblems,
            "Secret drd-secrets: namespace default"),
        broken(
            "a misspelt field",
            m -> m.pod().setAdditionalProperty("terminationGracePeriodSecond", 360),
            KubernetesManifestsTest::unknownFieldProblems,
            "Deployment.spec.template.spec: unknown field(s) [terminationGracePeriodSecond]"),
        broken(
            "grace period no longer than the graceful timeout",
            m -> m.pod().setTerminationGracePeriodSeconds(300L),
            KubernetesManifestsTest::gracePeriodProblems,
            "terminationGracePeriodSeconds 300 < shutdown.gracefulTimeout 300 s + 30 s"),
        broken(
            "a preStop hook",
            m ->
                m.container()
                    .setLifecycle(
                        new LifecycleBuilder()
                            .withNewPreStop()
                            .withNewSleep(5L)
                            .endPreStop()
                            .build()),
            KubernetesManifestsTest::gracePeriodProblems,
            "preStop"),
        broken(
            "a runbook workload missing from the Role",
            m ->
                m.one(Role.class)
                    .getRules()
                    .forEach(r -> r.getResourceNames().remove("temporal-worker")),
            KubernetesManifestsTest::rbacProblems,
            "not granted: get apps/deployments temporal/temporal-worker"),
        broken(
            "a wildcard verb",
            m -> m.one(Role.class).getRules().getFirst().setVerbs(List.of("*")),
            KubernetesManifestsTest::rbacProblems,
            "a wildcard"),
        broken(
            "a grant no runbook needs",
            m -> m.one(ClusterRole.class).getRules().getFirst().getVerbs().add("list"),
            KubernetesManifestsTest::rbacProblems,
            "grants what no runbook needs: list namespaces temporal"),
        broken(
            "the RoleBinding for another ServiceAccount",
            m -> m.one(RoleBinding.class).getSubjects().getFirst().setName("default"),
            KubernetesManifestsTest::rbacProblems,
            "not granted: update apps/deployments/scale temporal/temporal-frontend"),
        broken(
            "a password the Secret does not provide",
            m -> m.one(Secret.class).getStringData().remove("TEMPORAL_EU_DB_PASSWORD"),
            KubernetesManifestsTest::configProblems,
            "TEMPORAL_EU_DB_PASSWORD"),
        broken(
            "a password given as a plain value",
            m -> {
              m.one(Secret.class).getStringData().remove("STAGING_DB_PASSWORD");
              m.container().getEnv().add(new EnvVar("STAGING_DB_PASSWORD", "hunter2", null));
            },
            KubernetesManifestsTest::configProblems,
            "STAGING_DB_PASSWORD, which no Secret provides"),
        broken(
            "readiness asks /health",
            m -> m.container().getReadinessProbe().getHttpGet().setPath("/health"),
            KubernetesManifestsTest::probeProblems,
            "readinessProbe: path /health, not /ready"),
        broken(
            "probes on another port than http.port",
            m -> m.container().getPorts().getFirst().setContainerPort(8080),
            KubernetesManifestsTest::probeProblems,
            "no container port is http.port 8081"),
        broken(
            "two replicas, each with the schedule in its memory",
            m ->
                m.one(ConfigMap.class)
                    .getData()
                    .computeIfPresent(
                        "drd.yaml",
                        (key, yaml) -> yaml.replaceAll("(?m)^schedule:\\n(?: .*\\n)*", "")),
            KubernetesManifestsTest::rolloutProblems,
            "every pod fires every trigger"),
        broken(
            "a rolling update that stops a pod first",
            m -> strategy(m).setMaxUnavailable(new IntOrString(1)),
            KubernetesManifestsTest::rolloutProblems,
            "maxUnavailable 1"),
        broken(
            "a PDB that blocks every drain",
            m -> m.one(PodDisruptionBudget.class).getSpec().setMinAvailable(new IntOrString(2)),
            KubernetesManifestsTest::rolloutProblems,
            "minAvailable 2 leaves no pod of 2 to evict"),
        broken(
            "root",
            m -> m.pod().getSecurityContext().setRunAsNonRoot(false),
            KubernetesManifestsTest::securityProblems,
            "runAsNonRoot"),
        broken(
            "no writable restore.workDir",
            m -> m.container().getVolumeMounts().removeIf(v -> v.getName().equals("restore")),
            KubernetesManifestsTest::securityProblems,
            "/var/lib/drd/restore is on no writable volume"),
        broken(
            "the Service's port by number",
            m ->
                m.one(Service.class)
                    .getSpec()
                    .getPorts()
                    .getFirst()
                    .setTargetPort(new IntOrString(8081)),
            KubernetesManifestsTest::serviceProblems,
            "targetPort 8081"));
  }

  private static Arguments broken(
      String name,
      Consumer<Manifests> breakIt,
      Function<Manifests, List<String>> check,
      String problem) {
    return Arguments.of(name, breakIt, check, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCopies")
  void aBrokenCopyIsCaught(
      String name,
      Consumer<Manifests> breakIt,
      Function<Manifests, List<String>> check,
      String problem) {
    assertThat(check.apply(Manifests.load())).as("the shipped manifests").isEmpty();
    Manifests copy = Manifests.load();
    breakIt.accept(copy);
    assertThat(check.apply(copy)).anySatisfy(p -> assertThat(p).contains(problem));
  }

  // ---- the checks

  /** One kind per file; drd's objects in drd's namespace (Roles go where the runbooks scale). */
  static List<String> layoutProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    String home = m.deployment().getMetadata().getNamespace();
    m.files()
        .forEach((file, objects) -> {
          if (objects.stream().map(HasMetadata::getKind).distinct().count() != 1) {
            problems.add(file + ": one kind per file");
          }
        });
    for (HasMetadata o : m.all()) {
      String ns = o.getMetadata().getNamespace();
      boolean clusterScoped =
          o instanceof Namespace || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
      boolean elsewhere = o instanceof Role || o instanceof RoleBinding;
      if (clusterScoped ? ns != null : !elsewhere && !home.equals(ns)) {
        problems.add("%s %s: namespace %s".formatted(o.getKind(), o.getMetadata().getName(), ns));
      }
    }
    if (m.named(Namespace.class, null, home) == null) {
      problems.add("no Namespace " + home);
    }
    return problems;
  }

  /**
   * Every field is one the Kubernetes API knows (as fabric8's model does): the API server refuses
   * unknown fields, and a misspelt one would otherwise pass the checks as unset.
   */
  static List<String> unknownFieldProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    m.files()
        .forEach((file, objects) -> {
          for (HasMetadata o : objects) {
            if (!(o instanceof GenericKubernetesResource)) { // a custom resource: no model here
              unknownFields(o, file + ": " + o.getKind(), problems);
            }
          }
        });
    return problems;
  }

  private static void unknownFields(Object node, String at, List<String> problems) {
    switch (node) {
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          unknownFields(list.get(i), at + "[" + i + "]", problems);
        }
      }
      case Map<?, ?> map -> map.forEach((k, v) -> unknownFields(v, at + "." + k, problems));
      case KubernetesResource resource -> {
        for (Method getter : resource.getClass().getMethods()) {
          if (getter.getParameterCount() != 0
              || !getter.getName().startsWith("get")
              || getter.getDeclaringClass() == Object.class) {
            continue;
          }
          Object value;
          try {
            value = getter.invoke(resource);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
          if (getter.getName().equals("getAdditionalProperties")) {
            if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
              problems.add("%s: unknown field(s) %s".formatted(at, unknown.keySet()));
            }
          } else {
            unknownFields(value, at + "." + field(getter), problems);
          }
        }
      }
      case null, default -> {}
    }
  }

  private static String field(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * The ConfigMap's drd.yaml is what the daemon reads; it loads with the container's environment;
   * every variable it names comes from a Secret (a placeholder in it stands for a secret).
   */
  static List<String> configProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    ContainerEnv env = ContainerEnv.of(m);
    problems.addAll(env.problems());
    String drdConfig = env.values().get("DRD_CONFIG");
    if (drdConfig != null && !DeployedConfig.PATH.toString().equals(drdConfig)) {
      problems.add("DRD_CONFIG is %s, not %s".formatted(drdConfig, DeployedConfig.PATH));
    }
    ConfigSource source;
    DrdConfig config;
    try {
      source = DeployedConfig.source(m);
      ConfigLoader loader = new ConfigLoader(env.values());
      config = loader.load(source);
      loader.checkDaemonNeeds(source, config);
    } catch (ConfigException | IllegalStateException e) {
      problems.add(e.getMessage());
      return problems;
    }
    for (String name : DeployedConfig.referencedVariables(source, config)) {
      if (!env.fromSecrets().contains(name)) {
        problems.add("drd.yaml names %s, which no Secret provides".formatted(name));
      }
    }
    return problems;
  }

  static List<String> gracePeriodProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    Duration timeout = DeployedConfig.load(m).shutdown().gracefulTimeout();
    long grace = Objects.requireNonNullElse(m.pod().getTerminationGracePeriodSeconds(), 30L);
    long needed = timeout.plus(DRAIN_BUFFER).toSeconds();
    if (grace < needed) {
      problems.add(
          "terminationGracePeriodSeconds %d < shutdown.gracefulTimeout %d s + %d s = %d s"
              .formatted(grace, timeout.toSeconds(), DRAIN_BUFFER.toSeconds(), needed));
    }
    Container c = m.container();
    if (c.getLifecycle() != null && c.getLifecycle().getPreStop() != null) {
      problems.add("a preStop hook delays SIGTERM, which drd handles itself, and spends the grace");
    }
    return problems;
  }

  static List<String> probeProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    HttpConfig http = DeployedConfig.load(m).http();
    if (http.bind().startsWith("127.") || http.bind().equals("localhost")) {
      problems.add("http.bind %s: the kubelet probes the pod's address".formatted(http.bind()));
    }
    ContainerPort port =
        m.container().getPorts().stream()
            .filter(p -> p.getContainerPort() == http.port().intValue())
            .findFirst()
            .orElse(null);
    if (port == null || port.getName() == null) {
      problems.add("no container port is http.port %d, by name".formatted(http.port()));
      return problems;
    }
    Container c = m.container();
    probe("livenessProbe", c.getLivenessProbe(), HealthServer.HEALTH_PATH, port, problems);
    probe("readinessProbe", c.getReadinessProbe(), HealthServer.READY_PATH, port, problems);
    if (c.getStartupProbe() != null) {
      probe("startupProbe", c.getStartupProbe(), HealthServer.HEALTH_PATH, port, problems);
    }
    return problems;
  }

  private static void probe(
      String which, Probe probe, String path, ContainerPort port, List<String> problems) {
    if (probe == null || probe.getHttpGet() == null) {
      problems.add(which + ": none, or not an HTTP GET");
      return;
    }
    var get = probe.getHttpGet();
    if (!path.equals(get.getPath())) {
      problems.add("%s: path %s, not %s".formatted(which, get.getPath(), path));
    }
    if (!isPort(get.getPort(), port)) {
      problems.add("%s: port %s, not %s".formatted(which, show(get.getPort()), port.getName()));
    }
  }

  /** Two pods poll throughout a rollout, and a drain leaves one. */
  static List<String> rolloutProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    Deployment d = m.deployment();
    int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    if (replicas < 2) {
      problems.add("replicas %d: one pod's failure stops drd".formatted(replicas));
    } else if (DeployedConfig.load(m).schedule().cluster() == null) {
      problems.add(
          ("replicas %d, each keeping the schedule in its memory: every pod fires every trigger;"
                  + " share it (schedule.cluster)")
              .formatted(replicas));
    }
    if (!"RollingUpdate".equals(d.getSpec().getStrategy().getType())) {
      problems.add("strategy " + d.getSpec().getStrategy().getType());
    } else {
      RollingUpdateDeployment rolling = strategy(m);
      if (!isInt(rolling.getMaxUnavailable(), 0)) {
        problems.add(
            "maxUnavailable %s: a rollout stops a pod before its successor is ready"
                .formatted(show(rolling.getMaxUnavailable())));
      }
      if (!isInt(rolling.getMaxSurge(), 1)) {
        problems.add("maxSurge %s, not 1".formatted(show(rolling.getMaxSurge())));
      }
    }
    PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class);
    if (!selects(pdb.getSpec().getSelector().getMatchLabels(), m.podLabels())
        || !pdb.getSpec().getSelector().getMatchExpressions().isEmpty()) {
      problems.add("the PodDisruptionBudget does not select drd's pods by their labels");
    }
    IntOrString min = pdb.getSpec().getMinAvailable();
    if (min == null || min.getIntVal() == null || min.getIntVal() < 1) {
      problems.add("PodDisruptionBudget minAvailable %s, not at least 1".formatted(show(min)));
    } else if (min.getIntVal() >= replicas) {
      problems.add(
          "PodDisruptionBudget minAvailable %d leaves no pod of %d to evict: drains block"
              .formatted(min.getIntVal(), replicas));
    }
    return problems;
  }

  /** The image's user, never root, on a read-only root with writable dirs where drd writes. */
  static List<String> securityProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    PodSecurityContext pod =
        Objects.requireNonNullElseGet(m.pod().getSecurityContext(), PodSecurityContext::new);
    SecurityContext container =
        Objects.requireNonNullElseGet(m.container().getSecurityContext(), SecurityContext::new);
    if (!Boolean.TRUE.equals(either(container.getRunAsNonRoot(), pod.getRunAsNonRoot()))) {
      problems.add("runAsNonRoot is not true");
    }
    Long user = either(container.getRunAsUser(), pod.getRunAsUser());
    if (user == null || user != IMAGE_USER) {
      problems.add("runAsUser %s, not the image's %d".formatted(user, IMAGE_USER));
    }
    if (!Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
      problems.add("readOnlyRootFilesystem is not true");
    }
    if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
      problems.add("allowPrivilegeEscalation is not false");
    }
    for (Path dir : List.of(DeployedConfig.load(m).restore().workDir(), Path.of("/tmp"))) {
      if (!writable(m, dir)) {
        problems.add("%s is on no writable volume".formatted(dir));
      }
    }
    String account = m.pod().getServiceAccountName();
    String home = m.deployment().getMetadata().getNamespace();
    if (account == null || m.named(ServiceAccount.class, home, account) == null) {
      problems.add("serviceAccountName %s: no such ServiceAccount in %s".formatted(account, home));
    }
    return problems;
  }

  /** Prometheus finds /metrics through the Service's port named metrics. */
  static List<String> serviceProblems(Manifests m) {
    List<String> problems = new ArrayList<>();
    Service service = m.one(Service.class);
    if (!selects(service.getSpec().getSelector(), m.podLabels())) {
      problems.add("the Service does not select drd's pods");
    }
    int httpPort = DeployedConfig.load(m).http().port();
    String containerPort =
        m.container().getPorts().stream()
            .filter(p -> p.getContainerPort() == httpPort)
            .map(ContainerPort::getName)
            .findFirst()
            .orElse(null);
    ServicePort metrics =
        service.getSpec().getPorts().stream()
            .filter(p -> "metrics".equals(p.getName()))
            .findFirst()
            .orElse(null);
    if (metrics == null) {
      problems.add("the Service has no port named metrics");
    } else if (containerPort == null
        || !containerPort.equals(metrics.getTargetPort().getStrVal())) {
      problems.add(
          "the Service's metrics port has targetPort %s, not the container's port %s by name"
              .formatted(show(metrics.getTargetPort()), containerPort));
    }
    for (GenericKubernetesResource monitor : m.all(GenericKubernetesResource.class)) {
      if (!monitor.getKind().equals("ServiceMonitor")) {
        continue;
      }
      Map<String, Object> spec = monitor.get("spec");
      Map<String, String> labels = monitor.get("spec", "selector", "matchLabels");
      List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
      if (spec == null
          || !selects(labels, service.getMetadata().getLabels())
          || !Objects.equals(
              monitor.getMetadata().getNamespace(), service.getMetadata().getNamespace())) {
        problems.add("the ServiceMonitor does not select the Service");
      }
      if (endpoints == null || endpoints.stream().noneMatch(e -> "metrics".equals(e.get("port")))) {
        problems.add("the ServiceMonitor scrapes no port named metrics");
      }
    }
    return problems;
  }

  static List<String> rbacProblems(Manifests m) {
    return new Rbac(m, m.deployment().getMetadata().getNamespace(), m.pod().getServiceAccountName())
        .problems(scalerRequests);
  }

  // ---- small helpers

  private static RollingUpdateDeployment strategy(Manifests m) {
    return m.deployment().getSpec().getStrategy().getRollingUpdate();
  }

  /** Under a mount of an emptyDir or a PersistentVolumeClaim that is not read-only. */
  private static boolean writable(Manifests m, Path dir) {
    return m.container().getVolumeMounts().stream()
        .filter(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
        .filter(mount -> dir.startsWith(mount.getMountPath()))
        .map(mount -> m.volume(mount.getName()))
        .anyMatch(
            v -> v != null && (v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null));
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static boolean isPort(IntOrString ref, ContainerPort port) {
    return ref != null
        && (port.getName().equals(ref.getStrVal())
            || Objects.equals(port.getContainerPort(), ref.getIntVal()));
  }

  private static boolean isInt(IntOrString value, int expected) {
    return value != null && value.getIntVal() != null && value.getIntVal() == expected;
  }

  private static String show(IntOrString value) {
    if (value == null) {
      return "unset";
    }
    return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
  }

  private static <T> T either(T container, T pod) {
    return container != null ? container : pod;
  }
}
