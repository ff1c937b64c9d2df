package dev.drd.failover;

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

class FailoverRunbookLoaderTest {
  private static final ConfigLoader LOADER = new ConfigLoader(Map.of());
  private static final DrdConfig CONFIG =
      LOADER.load(ConfigSource.file(Path.of("config/drd.yaml")));

  private static FailoverRunbook load(String yaml) {
    return new FailoverRunbookLoader(LOADER, CONFIG).load(new ConfigSource("failover.yaml", yaml));
  }

  @Test
  void theShippedExamplePlansItsStepsInOrder() {
    FailoverRunbook r =
        new FailoverRunbookLoader(LOADER, CONFIG)
            .load(ConfigSource.file(Path.of("runbooks/failover-us-east-to-eu-west.yaml")));

    assertThat(r.workflowId()).isEqualTo("failover/us-east-to-eu-west");
    assertThat(r.approval().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(r.scaleDown().workloads()).allSatisfy(w -> assertThat(w.replicas()).isZero());
    assertThat(FailoverPlan.of(r))
        .extracting(PlannedStep::step)
        .containsExactly(
            "preflight",
            "approval",
            "scale down",
            "scale down",
            "scale down",
            "scale down",
            "fence",
            "promote",
            "switch DNS",
            "scale up",
            "scale up",
            "scale up",
            "scale up",
            "post-check",
            "post-check");
    assertThat(FailoverPlan.of(r))
        .filteredOn(s -> s.step().equals("scale up"))
        .extracting(PlannedStep::detail)
        .anySatisfy(d ->
            assertThat(d)
                .contains(
                    "Deployment temporal/temporal-history (context eu-west) in eu-west → 5 replicas"));
    assertThat(FailoverPlan.of(r))
        .filteredOn(PlannedStep::bestEffort)
        .extracting(PlannedStep::step)
        .containsOnly("scale down", "fence");
    assertThat(FailoverPlan.of(r).get(0).detail()).contains("lag within 64.0 MiB and 5m");
  }

  @Test
  void aRunbookWithoutApprovalOrChecksPlansNeither() {
    FailoverRunbook r =
        load(
            """
            from: a
            to: b
            database: { promote: temporal-eu-west }
            approval: { required: false }
            dns: { provider: route53, zone: example.com., record: db.example.com., value: b.example.com., route53: { hostedZoneId: Z1 } }
            postChecks: { sqlWrite: false }
            """);
    assertThat(FailoverPlan.of(r))
        .extracting(PlannedStep::step)
        .containsExactly("preflight", "promote", "switch DNS");
    assertThat(FailoverPlan.of(r).get(0).detail()).contains("lag within any (no limit set)");
  }

  @Test
  void everyProblemIsNamedByKey() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load(
                    """
                    from: us-east
                    to: us-east
                    database: { promote: temporal-eu, fence: temporal, maxLag: { time: 0s } }
                    scaleUp:
                      workloads:
                        - { namespace: temporal, kind: ReplicaSet, name: frontend, replicas: -1 }
                        - { kind: Deployment }
                    dns:
                      provider: bind
                      zone: example.com.
                      record: db.example.org.
                      type: MX
                      value: x
                      ttl: 100000
                      rfc2136: { server: dns.internal }
                    postChecks:
                      http: [ { url: "ftp://x" } ]
                    """));
    assertThat(e.source()).isEqualTo("failover.yaml");
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).isEqualTo("to: must differ from 'from' (us-east)"))
        .anySatisfy(p ->
            assertThat(p)
                .startsWith("database.promote: there is no target named 'temporal-eu'")
                .contains("temporal-eu-west"))
        .anySatisfy(p -> assertThat(p).isEqualTo("database.maxLag.time: must be longer than zero"))
        .anySatisfy(
            p -> assertThat(p).startsWith("scaleUp.workloads[0].kind: 'ReplicaSet' is not one of"))
        .anySatisfy(
            p -> assertThat(p).isEqualTo("scaleUp.workloads[0].replicas: cannot be negative"))
        .anySatisfy(
            p -> assertThat(p).isEqualTo("scaleUp.workloads[1]: missing required key 'namespace'"))
        .anySatisfy(p -> assertThat(p).startsWith("dns.provider: 'bind' is not one of"))
        .anySatisfy(
            p -> assertThat(p).isEqualTo("dns.record: db.example.org. is not in zone example.com."))
        .anySatisfy(p -> assertThat(p).startsWith("dns.type: 'MX'"))
        .anySatisfy(p -> assertThat(p).startsWith("dns.ttl: 100000"))
        .anySatisfy(p -> assertThat(p).isEqualTo("postChecks.http[0].url: must be an http(s) URL"));
  }

  @Test
  void everyWrongValueUnknownKeyAndMissingKeyIsReportedAtOnceInWords() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load(
                    """
                    from: [us-east]
                    database: { promote: temporal-eu-west }
                    approval: { required: maybe, timeout: soon }
                    scaleUp:
                      workloads:
                        - { namespace: temporal, name: frontend }
                        - { namespace: temporal, name: history, replicas: many }
                    dns: { provider: route53, zone: example.com., record: db.example.com., value: b., tll: 30, route53: { hostedZoneId: Z1 } }
                    postChecks: { sqlWrite: 1 }
                    """));

    assertThat(e.source()).isEqualTo("failover.yaml");
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "from: expected text, got a list",
            "approval.required: expected true or false, got \"maybe\"",
            "approval.timeout: expected a duration like 30s, 5m or 1h30m, got \"soon\"",
            "scaleUp.workloads[1].replicas: expected a whole number, got \"many\"",
            "dns: unknown key 'tll' (did you mean 'ttl'?)",
            "postChecks.sqlWrite: expected true or false, got 1",
            "missing required key 'to'; a region name, e.g. us-east");
    assertThat(e.problems())
        .allSatisfy(p -> assertThat(p).doesNotContain("java.", "Exception", "Cannot deserialize"));
  }

  @Test
  void route53KeysAreRefusedSoThatNoSecretReachesAHistory() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load(
                    """
                    from: a
                    to: b
                    database: { promote: temporal-eu-west }
                    dns: { provider: route53, zone: example.com., record: db.example.com., value: b.example.com., route53: { hostedZoneId: Z1, accessKeyId: AKIA1, secretAccessKey: s3cr3t } }
                    """));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("dns.route53.accessKeyId: keys do not belong in a runbook")
        .doesNotContain("s3cr3t");
  }

  @Test
  void anUnknownKeyIsNamedWithTheKnownOnes() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> load("from: a\nto: b\ndatabse: { promote: x }\n"));
    assertThat(e.getMessage()).contains("unknown key 'databse' (did you mean 'database'?)");
  }
}
