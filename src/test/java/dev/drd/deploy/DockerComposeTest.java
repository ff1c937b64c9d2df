package dev.drd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docker compose stack and the image, checked as files: no Docker engine runs here, so this is
 * what can be known without starting them. What only a real {@code docker compose up} shows (the
 * images build and pull, the replica clones, Temporal comes up) is not covered.
 */
class DockerComposeTest {
  private static final String DRD = "drd";
  private static final Set<String> STACK =
      Set.of(
          "temporal-db",
          "temporal",
          "temporal-ui",
          "primary",
          "replica",
          "minio",
          "minio-init",
          DRD);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ComposeFile compose;
  private static Dockerfile dockerfile;
  private static Path configFile;
  private static ConfigSource configSource;
  private static ConfigLoader loader;
  private static DrdConfig config;

  @BeforeAll
  static void readTheFiles() throws IOException {
    compose = ComposeFile.read(Path.of("docker-compose.yml"));
    dockerfile = Dockerfile.parse(Files.readString(Path.of("Dockerfile")));
    String configPath = argumentAfter(drdCommand(), "--config");
    configFile =
        compose
            .bindMountAt(DRD, configPath)
            .orElseThrow(() ->
                new AssertionError(
                    "nothing is mounted at %s, the config drd reads".formatted(configPath)));
    configSource = ConfigSource.file(configFile);
    loader = new ConfigLoader(drdContainerEnvironment());
    config = loader.load(configSource);
  }

  @Test
  void everyServiceOfTheStackIsThere() {
    assertThat(compose.serviceNames()).containsAll(STACK);
  }

  @Test
  void drdIsBuiltFromTheRepositorysDockerfile() {
    JsonNode build = compose.service(DRD).path("build");
    assertThat(build.isMissingNode()).as("drd has a build section").isFalse();
    String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
    String file = build.path("dockerfile").asText("Dockerfile");
    assertThat(compose.dir().resolve(context).resolve(file).normalize())
        .isEqualTo(Path.of("Dockerfile").toAbsolutePath());
  }

  @Test
  void noTwoServicesPublishTheSameHostPort() {
    Map<Integer, List<String>> byPort = new HashMap<>();
    for (String service : compose.serviceNames()) {
      for (int port : compose.publishedPorts(service)) {
        byPort.computeIfAbsent(port, p -> new ArrayList<>()).add(service);
      }
    }
    assertThat(byPort).containsKeys(7233, 8080, 9000, 9001, 8081);
    assertThat(byPort)
        .allSatisfy((port, services) ->
            assertThat(services).as("services publishing host port %d", port).hasSize(1));
  }

  @Test
  void drdWaitsUntilWhatItUsesIsHealthyAndTheBucketExists() {
    Map<String, String> dependsOn = compose.dependsOn(DRD);
    Set<String> used = new LinkedHashSet<>();
    used.add(hostOf(config.temporal().target()));
    used.add(config.storage().endpoint().getHost());
    config.targets().forEach(t -> used.add(t.host()));
    assertThat(used).containsExactlyInAnyOrder("temporal", "minio", "primary", "replica");
    for (String service : used) {
      assertThat(dependsOn).as("drd's depends_on").containsEntry(service, "service_healthy");
    }
    assertThat(dependsOn)
        .as("drd's depends_on")
        .containsEntry("minio-init", "service_completed_successfully");
  }

  @Test
  void everyDependencyHasAConditionThatItsServiceCanMeet() {
    for (String service : compose.serviceNames()) {
      compose
          .dependsOn(service)
          .forEach((dependency, condition) -> {
            assertThat(condition)
                .as("%s's depends_on %s", service, dependency)
                .isIn("service_healthy", "service_completed_successfully");
            if (condition.equals("service_healthy")) {
              assertThat(compose.hasHealthcheck(dependency))
                  .as("%s, which %s waits to be healthy, has a healthcheck", dependency, service)
                  .isTrue();
            }
          });
    }
  }

  @Test
  void everyLongRunningServiceHasAHealthcheck() {
    Set<String> oneShots = new LinkedHashSet<>();
    for (String service : compose.serviceNames()) {
      compose
          .dependsOn(service)
          .forEach((dependency, condition) -> {
            if (condition.equals("service_completed_successfully")) {
              oneShots.add(dependency);
            }
          });
    }
    assertThat(oneShots).containsExactly("minio-init");
    for (String service : compose.serviceNames()) {
      if (oneShots.contains(service)) {
        continue;
      }
      boolean fromTheImage =
          compose.service(service).has("build") && dockerfile.last("HEALTHCHECK").isPresent();
      assertThat(compose.hasHealthcheck(service) || fromTheImage)
          .as("%s has a healthcheck", service)
          .isTrue();
    }
  }

  @Test
  void dockerWaitsLongerThanDrdDrainsBeforeKillingIt() {
    Duration grace =
        ComposeFile.duration(compose.service(DRD).path("stop_grace_period").asText("10s"));
    Duration drain = config.shutdown().gracefulTimeout();
    assertThat(grace)
        .as("drd's stop_grace_period vs shutdown.gracefulTimeout %s", drain)
        .isGreaterThanOrEqualTo(drain.plusSeconds(10));
  }

  @Test
  void theMountedConfigIsInTheRepositoryAndTheDaemonAcceptsIt() {
    assertThat(configFile).isEqualTo(Path.of("config/drd-compose.yaml").toAbsolutePath());
    // What `drd serve` checks beyond the file itself: the secrets the targets name are set.
    loader.checkDaemonNeeds(configSource, config);
    assertThat(config.targetNames()).containsExactly("shop", "shop-replica");
    assertThat(config.storage().pathStyle()).isTrue();
    assertThat(config.storage().accessKeyId())
        .isEqualTo(compose.environment("minio-init").get("DRD_S3_ACCESS_KEY_ID"));
  }

  @Test
  void theConfigsAddressesAreServicesOfTheStackOnTheirPorts() {
    assertThat(config.temporal().target()).isEqualTo("temporal:7233");
    assertThat(compose.containerPorts("temporal")).contains(7233);
    assertThat(config.storage().endpoint().toString()).isEqualTo("http://minio:9000");
    assertThat(compose.containerPorts("minio")).contains(9000);
    for (TargetConfig target : config.targets()) {
      assertThat(compose.serviceNames())
          .as("target %s's host", target.name())
          .contains(target.host());
      assertThat(target.port()).as("target %s's port", target.name()).isEqualTo(5432);
    }
    assertThat(config.http().bind()).isEqualTo("0.0.0.0");
    assertThat(compose.containerPorts(DRD)).containsExactly(config.http().port());
  }

  @Test
  void theSecretsThatMustAgreeDo() {
    Map<String, String> drd = compose.environment(DRD);
    Map<String, String> primary = compose.environment("primary");
    Map<String, String> minioInit = compose.environment("minio-init");
    for (TargetConfig target : config.targets()) {
      assertThat(drd.get(target.passwordEnv()))
          .as("target %s's password", target.name())
          .isEqualTo(primary.get("POSTGRES_PASSWORD"));
    }
    assertThat(compose.environment("replica").get("REPLICATION_PASSWORD"))
        .isEqualTo(primary.get("REPLICATION_PASSWORD"));
    assertThat(drd.get("DRD_S3_ACCESS_KEY_ID")).isEqualTo(minioInit.get("DRD_S3_ACCESS_KEY_ID"));
    assertThat(drd.get("DRD_S3_SECRET_ACCESS_KEY"))
        .isEqualTo(minioInit.get("DRD_S3_SECRET_ACCESS_KEY"));
    assertThat(minioInit.get("MC_HOST_minio"))
        .contains(
            compose.environment("minio").get("MINIO_ROOT_USER")
                + ":"
                + compose.environment("minio").get("MINIO_ROOT_PASSWORD")
                + "@minio:9000");
  }

  @Test
  void theImageStopsTheJvmWithSigtermAndRunsItWithoutAShell() {
    assertThat(dockerfile.last("STOPSIGNAL")).hasValue("SIGTERM");
    List<String> entrypoint =
        execForm(dockerfile.last("ENTRYPOINT").orElse(""))
            .orElseThrow(() -> new AssertionError("ENTRYPOINT is not in exec (JSON array) form"));
    assertThat(entrypoint).startsWith("java").endsWith("-jar", "/app/drd.jar");
    assertThat(drdCommand()).containsExactly("serve", "--config", "/etc/drd/drd.yaml");
  }

  @Test
  void theImageRunsAsAnUnprivilegedUser() {
    String user = dockerfile.last("USER").orElse("root").split(":")[0];
    assertThat(user).isNotIn("root", "0").isEqualTo("10001");
  }

  @Test
  void theImageIsBuiltInOneStageAndRunsInAnother() {
    assertThat(dockerfile.all("FROM")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(dockerfile.all("COPY"))
        .anySatisfy(copy -> assertThat(copy).startsWith("--from=").endsWith("/app/drd.jar"));
    assertThat(dockerfile.all("EXPOSE")).contains(String.valueOf(config.http().port()));
    assertThat(dockerfile.last("HEALTHCHECK").orElse(""))
        .contains("http://127.0.0.1:%d/health".formatted(config.http().port()));
  }

  @Test
  void theImagesPgDumpCanDumpTheStacksServersWithTheConfigPointingAtIt() {
    int pgMajor = Integer.parseInt(dockerfile.argDefault("PG_MAJOR").orElse("0"));
    assertThat(String.join("\n", dockerfile.all("RUN"))).contains("postgresql-client-${PG_MAJOR}");
    for (String server : List.of("primary", "replica")) {
      String image = compose.service(server).path("image").asText();
      assertThat(image).startsWith("postgres:");
      int serverMajor = Integer.parseInt(image.replaceAll("^postgres:(\\d+).*", "$1"));
      assertThat(pgMajor)
          .as("the image's pg_dump major vs %s's %s", server, image)
          .isGreaterThanOrEqualTo(serverMajor);
    }
    assertThat(config.postgres().binDir())
        .isEqualTo(Path.of("/usr/lib/postgresql/%d/bin".formatted(pgMajor)));
  }

  /** The environment of drd's container: the image's ENV, then compose's environment. */
  private static Map<String, String> drdContainerEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : List.of("DRD_PG_BIN_DIR", "DRD_CONFIG")) {
      dockerfile.env(name).ifPresent(value -> env.put(name, value));
    }
    env.putAll(compose.environment(DRD));
    return env;
  }

  /** drd's command: compose's override, else the image's CMD. */
  private static List<String> drdCommand() {
    JsonNode command = compose.service(DRD).path("command");
    if (!command.isMissingNode()) {
      return strings(command);
    }
    return execForm(dockerfile.last("CMD").orElse(""))
        .orElseThrow(() -> new AssertionError("the Dockerfile's CMD is not a JSON array"));
  }

  /** The arguments of an instruction in exec form (a JSON array of strings), if it is one. */
  private static Optional<List<String>> execForm(String arguments) {
    try {
      JsonNode array = JSON.readTree(arguments);
      return array != null && array.isArray() ? Optional.of(strings(array)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static String argumentAfter(List<String> args, String option) {
    int i = args.indexOf(option);
    assertThat(i).as("%s in %s", option, args).isBetween(0, args.size() - 2);
    return args.get(i + 1);
  }

  private static String hostOf(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }
}
