package dev.drd.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.ConfigException;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.runbook.PlannedStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoverRunbookLoaderTest {
  private static final ConfigLoader LOADER = new ConfigLoader(Map.of());

  private static RecoverRunbook load(String config, String runbook) {
    DrdConfig cfg = LOADER.load(ConfigSource.file(Path.of(config)));
    return new RecoverRunbookLoader(LOADER, cfg).load(ConfigSource.file(Path.of(runbook)));
  }

  @Test
  void theShippedRunbooksPlanTheirStepsInOrder() {
    RecoverRunbook r = load("config/drd.yaml", "runbooks/recover-temporal.yaml");

    assertThat(r.workflowId()).isEqualTo("recover/temporal");
    assertThat(r.backup()).isEqualTo(RecoverRunbook.LATEST);
    assertThat(r.sessions().timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(RecoverPlan.of(r))
        .extracting(PlannedStep::step)
        .containsExactly(
            "preflight",
            "approval",
            "stop",
            "stop",
            "stop",
            "stop",
            "drain",
            "keep",
            "restore",
            "start",
            "start",
            "start",
            "start",
            "post-check",
            "post-check");
    assertThat(RecoverPlan.of(r).get(8).detail()).contains("1 assertion(s)");

    RecoverRunbook dev = load("config/drd-dev.yaml", "runbooks/recover-dev.yaml");
    assertThat(dev.workflowId()).isEqualTo("recover/sandbox");
    assertThat(RecoverPlan.of(dev)).hasSize(11);
  }

  private static ConfigException problems(String runbook) {
    DrdConfig cfg = LOADER.load(ConfigSource.file(Path.of("config/drd.yaml")));
    return catchThrowableOfType(
        ConfigException.class,
        () -> new RecoverRunbookLoader(LOADER, cfg).load(new ConfigSource("bad.yaml", runbook)));
  }

  @Test
  void wrongValuesAndAMissingTargetAreReportedTogether() {
    ConfigException e =
        problems(
            """
            backup: latest
            services: { timeout: 5 minutes, workloads: [ { namespace: a, name: b } ] }
            sesions: { timeout: 1m }
            """);

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "missing required key 'target'; name a target of the config",
            "services.timeout: expected a duration like 30s, 5m or 1h30m, got \"5 minutes\"",
            "unknown key 'sesions' (did you mean 'sessions'?)");
  }

  @Test
  void everyProblemIsNamedByItsKey() {
    ConfigException e =
        problems(
            """
            target: nope
            backup: ""
            sessions: { timeout: 0s }
            verify: { assertions: [ { name: x, sql: "SELECT 1", expect: "about 3" } ] }
            postChecks: { http: [ { url: "ftp://x" } ] }
            """);

    assertThat(e.getMessage())
        .contains("bad.yaml")
        .contains("- target: there is no target named 'nope'")
        .contains("- backup: empty")
        .contains("- services.workloads: none")
        .contains("- sessions.timeout: must be longer than zero")
        .contains("- verify.assertions[0].expect:")
        .contains("- postChecks.http[0].url: must be an http(s) URL");
  }
}
