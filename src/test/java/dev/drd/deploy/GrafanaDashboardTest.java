package dev.drd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drd.daemon.ExportedMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/grafana/drd-dashboard.json: its queries are PromQL that reads what drd exports. */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("deploy/grafana/drd-dashboard.json");
  private static final String DATASOURCE = "${datasource}";

  /** Prometheus' own series about each scrape target, not drd's. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private static JsonNode dashboard;

  @BeforeAll
  static void read() throws IOException {
    dashboard = new JsonMapper().readTree(DASHBOARD.toFile());
  }

  @Test
  void choosesTheDataSourceAndTheTargetsByVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    dashboard
        .path("templating")
        .path("list")
        .forEach(v -> variables.put(v.path("name").asText(), v.path("type").asText()));

    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(variables)
        .containsEntry("datasource", "datasource")
        .containsEntry("target", "query");
    for (JsonNode panel : panels()) {
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo(DATASOURCE);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
    }
  }

  @Test
  void hasARowForBackupsDrillsTheArchiveRunbooksAndTheDaemon() {
    List<String> rows = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> {
          if (p.path("type").asText().equals("row")) {
            rows.add(p.path("title").asText());
          }
        });

    assertThat(rows)
        .containsExactly(
            "Backups per target",
            "Drills and RPO per target",
            "WAL archive per target",
            "Runbooks",
            "The daemon");
  }

  @Test
  void everyMetricAPanelReadsIsOneDrdExports() {
    Set<String> read = new TreeSet<>();
    exprs().values().forEach(expr -> read.addAll(PromQl.metricNames(expr)));
    read.removeAll(PROMETHEUS_OWN);

    assertThat(read).isNotEmpty();
    assertThat(ExportedMetrics.names()).containsAll(read);
  }

  @Test
  void everyOneOfDrdsOwnMetricsIsOnAPanel() {
    Set<String> shown = new TreeSet<>();
    exprs().values().forEach(expr -> PromQl.metricNames(expr).forEach(m -> shown.add(family(m))));
    Set<String> drds = new TreeSet<>();
    ExportedMetrics.names().stream()
        .filter(name -> name.startsWith("drd_"))
        .forEach(name -> drds.add(family(name)));

    assertThat(shown).containsAll(drds);
  }

  @Test
  void promtoolParsesEveryQuery(@TempDir Path dir) throws Exception {
    List<Map<String, String>> rules = new ArrayList<>();
    exprs()
        .forEach((id, expr) ->
            rules.add(
                Map.of(
                    "record",
                    "dashboard:" + id,
                    "expr",
                    expr.replace("$__rate_interval", "5m").replaceAll("\\$\\w+", ".*"))));
    Path file = dir.resolve("dashboard-queries.yaml");
    new YAMLMapper()
        .writeValue(
            file.toFile(), Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));

    Promtool.succeeds("check", "rules", file.toString());
  }

  /** A counter's, a timer's series all name one family: drd_backup_duration_seconds_sum is one. */
  private static String family(String series) {
    return series.replaceAll("_(total|count|sum|max|bucket)$", "");
  }

  private static List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (!panel.path("type").asText().equals("row")) {
        panels.add(panel);
      }
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** Each panel query's expression, by panel id and refId. */
  private static Map<String, String> exprs() {
    Map<String, String> exprs = new LinkedHashMap<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        exprs.put(
            "panel_" + panel.path("id").asText() + "_" + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    return exprs;
  }
}
