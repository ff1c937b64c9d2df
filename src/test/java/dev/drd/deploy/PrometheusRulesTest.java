package dev.drd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drd.daemon.ExportedMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/rules.yaml: valid, unit tested by promtool, reading only what drd exports, and
 * the same as the PrometheusRule's groups.
 */
class PrometheusRulesTest {
  private static final Path RULES = Path.of("deploy/prometheus/rules.yaml");
  private static final Path RULES_TEST = Path.of("deploy/prometheus/rules.test.yaml");
  private static final Path PROMETHEUS_RULE =
      Path.of("deploy/kubernetes/prometheus/prometheusrule.yaml");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Promtool.succeeds("check", "rules", RULES.toString());
  }

  @Test
  void promtoolUnitTestsOfTheRulesPass() throws Exception {
    Promtool.succeeds("test", "rules", RULES_TEST.toString());
  }

  @Test
  void thePrometheusRuleHasTheSameGroups() throws IOException {
    JsonNode resource = yaml(PROMETHEUS_RULE);

    assertThat(resource.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(resource.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(resource.path("metadata").path("namespace").asText()).isEqualTo("drd");
    assertThat(resource.path("spec").path("groups")).isEqualTo(yaml(RULES).path("groups"));
  }

  @Test
  void everyAlertHasASeverityASummaryAndWhatToDo() throws IOException {
    List<JsonNode> alerts = alerts();

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asText();
      assertThat(alert.path("labels").path("severity").asText())
          .as(name)
          .isIn("warning", "critical");
      assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("description").asText())
          .as("%s names a drd command to run", name)
          .contains("`drd ");
    }
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws IOException {
    Set<String> fired = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test : yaml(RULES_TEST).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        (check.path("exp_alerts").isEmpty() ? silent : fired).add(check.path("alertname").asText());
      }
    }
    List<String> names = alerts().stream().map(a -> a.path("alert").asText()).toList();

    assertThat(fired).as("alerts a test makes fire").containsAll(names);
    assertThat(silent).as("alerts a test expects silent").containsAll(names);
  }

  @Test
  void everyMetricTheRulesReadIsOneDrdExports() throws IOException {
    Set<String> read = new TreeSet<>();
    for (JsonNode alert : alerts()) {
      read.addAll(PromQl.metricNames(alert.path("expr").asText()));
    }

    assertThat(read).isNotEmpty();
    assertThat(ExportedMetrics.names()).containsAll(read);
  }

  private static List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode group : yaml(RULES).path("groups")) {
      group.path("rules").forEach(alerts::add);
    }
    return alerts;
  }

  private static JsonNode yaml(Path file) throws IOException {
    // strict: a key given twice (the second silently winning) is what kubectl refuses
    return YAMLMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build()
        .readTree(file.toFile());
  }
}
