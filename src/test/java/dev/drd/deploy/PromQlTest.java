package dev.drd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
  @Test
  void findsTheMetricsNotTheFunctionsLabelsOrVariables() {
    assertThat(
            PromQl.metricNames(
                "max by (target) (rate(drd_backup_uploaded_bytes_total{target=~\"$target\","
                    + " result!=\"sum(x)\"}[$__rate_interval])) / on (target) group_left (kind)"
                    + " sum without (pod) (drd_rpo_objective_seconds offset 1h) > bool 1e3"))
        .containsExactlyInAnyOrder("drd_backup_uploaded_bytes_total", "drd_rpo_objective_seconds");
  }

  @Test
  void findsAMetricAfterAnAggregationAndInAnAbsentCall() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.9, sum by (le) (drd_x_bucket)) or absent(up) or time() -"
                    + " drd_y"))
        .containsExactlyInAnyOrder("drd_x_bucket", "up", "drd_y");
  }
}
