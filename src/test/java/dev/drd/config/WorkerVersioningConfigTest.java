package dev.drd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerVersioningConfigTest {
  private static final String STORAGE =
      """
      storage:
        bucket: backups
      """;

  private static DrdConfig load(String temporal) {
    return new ConfigLoader(Map.of()).load(new ConfigSource("test.yaml", temporal + STORAGE));
  }

  private static ConfigException problem(String temporal) {
    return catchThrowableOfType(ConfigException.class, () -> load(temporal));
  }

  @Test
  void versioningIsOffAndRunbooksArePinnedToTheBuildThatStartedThemOnceItIsOn() {
    WorkerVersioningConfig versioning = load("").temporal().versioning();

    assertThat(versioning.enabled()).isFalse();
    assertThat(versioning.deploymentName()).isEqualTo("drd");
    assertThat(versioning.defaultBehavior()).isEqualTo("PINNED");
  }

  @Test
  void theBuildIdIsTheJarsVersionAndSaysSoWhenThereIsNoJar() {
    // The tests run from target/classes, whose package carries no Implementation-Version.
    assertThat(WorkerVersioningConfig.class.getPackage().getImplementationVersion()).isNull();

    assertThat(load("").temporal().versioning().buildId())
        .isEqualTo(WorkerVersioningConfig.DEV_BUILD_ID);
  }

  @Test
  void everyKeyCanBeSet() {
    WorkerVersioningConfig versioning =
        load("""
        temporal:
          versioning:
            enabled: true
            deploymentName: drd-eu
            buildId: 1.4.0+g1a2b3c
            defaultBehavior: AUTO_UPGRADE
        """)
            .temporal()
            .versioning();

    assertThat(versioning)
        .isEqualTo(new WorkerVersioningConfig(true, "drd-eu", "1.4.0+g1a2b3c", "AUTO_UPGRADE"));
  }

  @Test
  void oneConfigServesBlueAndGreenWhenTheEnvironmentSwitchesVersioningOn() {
    String temporal =
        """
        temporal:
          versioning:
            enabled: ${DRD_WORKER_VERSIONING:-false}
        """;
    ConfigSource source = new ConfigSource("test.yaml", temporal + STORAGE);

    assertThat(new ConfigLoader(Map.of()).load(source).temporal().versioning().enabled()).isFalse();
    assertThat(
            new ConfigLoader(Map.of("DRD_WORKER_VERSIONING", "true"))
                .load(source)
                .temporal()
                .versioning()
                .enabled())
        .isTrue();
  }

  @Test
  void anUnknownBehaviorIsNamedWithTheKeyAndTheBehaviorsThereAre() {
    ConfigException e =
        problem(
            """
            temporal:
              versioning:
                defaultBehavior: pinned-forever
            """);

    assertThat(e.problems())
        .containsExactly(
            "temporal.versioning.defaultBehavior: 'pinned-forever' is not one of [PINNED,"
                + " AUTO_UPGRADE]");
  }

  @Test
  void aDeploymentNameWithADotAndAnEmptyBuildIdAreRefused() {
    ConfigException e =
        problem(
            """
            temporal:
              versioning:
                deploymentName: drd.prod
                buildId: ""
            """);

    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("temporal.versioning.deploymentName: 'drd.prod'"))
        .anySatisfy(p -> assertThat(p).startsWith("temporal.versioning.buildId: ''"));
  }
}
