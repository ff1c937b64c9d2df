package dev.drd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String MINIMAL =
      """
      storage:
        bucket: backups
      targets:
        - name: orders
          host: db.internal
          database: orders
      """;

  private static DrdConfig load(String yaml, Map<String, String> env) {
    return new ConfigLoader(env).load(new ConfigSource("test.yaml", yaml));
  }

  private static ConfigException problem(String yaml) {
    return (ConfigException)
        org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml, Map.of()));
  }

  @Test
  void fillsDefaultsForWhatIsLeftOut() {
    DrdConfig config = load(MINIMAL, Map.of());
    assertThat(config.temporal().target()).isEqualTo("127.0.0.1:7233");
    assertThat(config.temporal().taskQueue()).isEqualTo("drd");
    assertThat(config.shutdown().gracefulTimeout()).isEqualTo(Duration.ofMinutes(5));
    TargetConfig orders = config.requireTarget("orders");
    assertThat(orders.port()).isEqualTo(5432);
    assertThat(orders.backup().retention()).isEqualTo(new RetentionPolicy(7, 4, 6));
    assertThat(config.storage().partSize()).isEqualTo(DataSize.ofMebibytes(8));
  }

  @Test
  void theShippedProductionExampleLoadsWithItsEnvironment() {
    DrdConfig config =
        new ConfigLoader(Map.of()).load(ConfigSource.file(Path.of("config/drd.yaml")));
    assertThat(config.targetNames())
        .containsExactly("temporal", "orders", "temporal-eu-west", "staging");
    TargetConfig temporal = config.requireTarget("temporal");
    assertThat(temporal.backup().schedule()).isEqualTo("0 2 * * *");
    assertThat(temporal.drillServer()).isEqualTo("staging");
    assertThat(temporal.verify().assertions()).hasSize(2);
    assertThat(temporal.objectives().rto()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.requireTarget("orders").drillServer()).isEqualTo("orders");
    assertThat(config.restore().jobs()).isEqualTo(4);
    assertThat(config.requireTarget("orders").passwordFile())
        .isEqualTo(Path.of("/run/secrets/orders-db-password"));
  }

  @Test
  void theShippedDevConfigIsTheBuiltInOne() throws Exception {
    DrdConfig builtIn = new ConfigLoader(Map.of()).load(ConfigSource.builtInDev());
    DrdConfig file =
        new ConfigLoader(Map.of()).load(ConfigSource.file(Path.of("config/drd-dev.yaml")));
    assertThat(builtIn).isEqualTo(file);
    assertThat(builtIn.targetNames()).containsExactly("sandbox", "sandbox-replica");
    assertThat(builtIn.storage().endpoint().toString()).isEqualTo("http://127.0.0.1:9000");
  }

  @Test
  void placeholdersComeFromTheEnvironmentWithDefaults() {
    DrdConfig config =
        load(
            """
            temporal:
              target: ${TEMPORAL_ADDRESS}
              namespace: ${NS:-prod}
            storage:
              bucket: backups
              accessKeyId: ${KEY}
              secretAccessKey: ${SECRET}
            """,
            Map.of(
                "TEMPORAL_ADDRESS", "temporal.internal:7233", "KEY", "AKIA", "SECRET", "s3cr3t"));
    assertThat(config.temporal().target()).isEqualTo("temporal.internal:7233");
    assertThat(config.temporal().namespace()).isEqualTo("prod");
    assertThat(config.storage().secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(config.storage().toString()).doesNotContain("s3cr3t").doesNotContain("AKIA");
  }

  @Test
  void anUnsetPlaceholderNamesTheKeyAndTheVariable() {
    ConfigException e =
        problem(
            """
            storage:
              bucket: ${BUCKET}
            """);
    assertThat(e.source()).isEqualTo("test.yaml");
    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("storage.bucket")
        .contains("BUCKET is not set");
  }

  @Test
  void aBadCronNamesFileKeyAndProblem() {
    ConfigException e =
        problem(
            MINIMAL
                + """
                    backup:
                      schedule: "0 2 * *"
                """);
    assertThat(e.getMessage())
        .startsWith("test.yaml: targets[0].backup.schedule: '0 2 * *' is not a cron expression");
  }

  /** Issue 14, case 10: a cron that never fires is bad config (exit 2), named by its key. */
  @Test
  void aCronThatNeverFiresIsRefusedByKey() {
    ConfigException e =
        problem(
            MINIMAL
                + """
                    backup:
                      schedule: "0 0 31 2 *"
                """);
    assertThat(e.getMessage())
        .startsWith("test.yaml: targets[0].backup.schedule: '0 0 31 2 *' never fires");
  }

  /** Issue 14, case 10: a retention that keeps no day, week or month is refused by key. */
  @Test
  void aRetentionThatKeepsNoDayWeekOrMonthIsRefusedByKey() {
    ConfigException e =
        problem(
            MINIMAL
                + """
                    backup:
                      retention: { daily: 0, weekly: 0, monthly: 0 }
                """);
    assertThat(e.getMessage())
        .contains("targets[0].backup.retention: daily, weekly and monthly are all 0")
        .contains("daily: 1");
  }

  /** Issue 14, case 10: names are counted in bytes, as PostgreSQL counts them. */
  @Test
  void aDatabaseNameOver63BytesIsRefusedByKey() {
    String name = "ä".repeat(32); // 32 characters, 64 bytes
    ConfigException e = problem(MINIMAL.replace("database: orders", "database: " + name));
    assertThat(e.getMessage()).contains("targets[0].database: '" + name + "' is 64 bytes in UTF-8");
  }

  @Test
  void restoreAndDrillSettingsAreCheckedByKey() {
    ConfigException e =
        problem(
            MINIMAL
                + """
                    verify:
                      assertions:
                        - sql: SELECT count(*) FROM orders
                          expect: "more than 0"
                        - sql: SELECT 1
                    drill:
                      schedule: "every sunday"
                      server: stagging
                    objectives: { rto: 0s }
                restore:
                  jobs: 0
                """);
    assertThat(e.problems())
        .anySatisfy(p ->
            assertThat(p)
                .startsWith(
                    "targets[0].verify.assertions[0].expect: 'more than 0' is not an expectation"))
        .anySatisfy(
            p -> assertThat(p).startsWith("targets[0].verify.assertions[1].expect: missing"))
        .anySatisfy(p -> assertThat(p).startsWith("targets[0].drill.schedule:"))
        .anySatisfy(
            p -> assertThat(p).contains("drill.server: there is no target named 'stagging'"))
        .anySatisfy(
            p -> assertThat(p).startsWith("targets[0].objectives.rto: must be longer than zero"))
        .anySatisfy(p -> assertThat(p).startsWith("restore.jobs: 0 is not between 1 and 64"));
  }

  @Test
  void anUnknownKeyIsReportedWithTheKnownOnes() {
    ConfigException e =
        problem(
            """
            storage:
              bucket: backups
              bukket: typo
            """);
    assertThat(e.getMessage())
        .contains("storage")
        .contains("unknown key 'bukket'")
        .contains("bucket");
  }

  @Test
  void badValuesAreReportedByKey() {
    ConfigException e =
        problem(
            """
            storage:
              bucket: backups
              partSize: lots
            """);
    assertThat(e.getMessage())
        .contains("storage.partSize: expected a size like 64MiB, 500MB or 1048576, got \"lots\"");
    ConfigException duration =
        problem(
            """
            storage: { bucket: backups }
            shutdown: { gracefulTimeout: soon }
            """);
    assertThat(duration.getMessage())
        .contains(
            "shutdown.gracefulTimeout: expected a duration like 30s, 5m or 1h30m, got \"soon\"");
  }

  @Test
  void logsAreTextUnlessJsonIsAskedFor() {
    assertThat(load(MINIMAL, Map.of()).logging().json()).isFalse();
    String json = MINIMAL + "logging: { format: json }\n";
    assertThat(load(json, Map.of()).logging().json()).isTrue();
    assertThat(problem(MINIMAL + "logging: { format: xml }\n").getMessage())
        .contains("logging.format: 'xml' is not one of text, json");
  }

  @Test
  void everyValidationProblemIsReportedAtOnce() {
    ConfigException e =
        problem(
            """
            storage:
              bucket: Not_A_Bucket
            targets:
              - name: orders
                host: db
                database: orders
              - name: orders
                port: 99999
                passwordEnv: A
                passwordFile: /b
            """);
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("storage.bucket"))
        .anySatisfy(
            p -> assertThat(p).isEqualTo("targets[1].name: 'orders' is used by another target"))
        .anySatisfy(p -> assertThat(p).isEqualTo("targets[1].host: missing"))
        .anySatisfy(p -> assertThat(p).startsWith("targets[1].port: 99999"))
        .anySatisfy(p -> assertThat(p).contains("passwordEnv or passwordFile, not both"));
  }

  @Test
  void theDaemonNeedsThePasswordsItsTargetsName(@TempDir Path dir) {
    String yaml =
        MINIMAL
            + """
                passwordEnv: ORDERS_DB_PASSWORD
            """;
    ConfigLoader loader = new ConfigLoader(Map.of());
    ConfigSource source = new ConfigSource("test.yaml", yaml);
    DrdConfig config = loader.load(source);
    assertThatThrownBy(() -> loader.checkDaemonNeeds(source, config))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "test.yaml: targets[0].passwordEnv: environment variable ORDERS_DB_PASSWORD is not set;"
                + " it must hold the password of postgres");
    ConfigLoader withPassword = new ConfigLoader(Map.of("ORDERS_DB_PASSWORD", "x"));
    withPassword.checkDaemonNeeds(source, withPassword.load(source));
  }

  @Test
  void aSharedScheduleNamesItsDatabaseLikeATarget() {
    DrdConfig config =
        load(
            MINIMAL
                + """
                schedule:
                  cluster:
                    host: scheduler-db.internal
                    database: drd_schedule
                    user: drd
                    passwordEnv: DRD_SCHEDULE_PASSWORD
                """,
            Map.of());
    ScheduleCluster cluster = config.schedule().cluster();
    assertThat(cluster.host()).isEqualTo("scheduler-db.internal");
    assertThat(cluster.port()).isEqualTo(5432);
    assertThat(cluster.checkinInterval()).isEqualTo(Duration.ofMillis(7500));
    assertThat(load(MINIMAL, Map.of()).schedule().cluster()).as("in memory by default").isNull();

    ConfigException e =
        problem(
            MINIMAL
                + """
                schedule:
                  cluster:
                    port: 0
                    passwordEnv: A
                    passwordFile: /b
                    sslMode: sometimes
                    checkinInterval: 100ms
                """);
    assertThat(e.problems())
        .contains(
            "schedule.cluster.host: missing",
            "schedule.cluster.database: missing",
            "schedule.cluster.port: 0 is not a port",
            "schedule.cluster: give passwordEnv or passwordFile, not both",
            "schedule.cluster.checkinInterval: must be at least 1s")
        .anySatisfy(p -> assertThat(p).startsWith("schedule.cluster.sslMode: 'sometimes'"));
  }

  @Test
  void theDaemonNeedsThePasswordOfTheSharedSchedule() {
    ConfigSource source =
        new ConfigSource(
            "test.yaml",
            MINIMAL
                + """
                schedule:
                  cluster:
                    host: db
                    database: drd
                    passwordEnv: DRD_SCHEDULE_PASSWORD
                """);
    ConfigLoader loader = new ConfigLoader(Map.of());
    assertThatThrownBy(() -> loader.checkDaemonNeeds(source, loader.load(source)))
        .hasMessage(
            "test.yaml: schedule.cluster.passwordEnv: environment variable DRD_SCHEDULE_PASSWORD"
                + " is not set; it must hold the password of postgres");
  }

  @Test
  void anEmptyOrBrokenFileSaysSo() {
    assertThat(problem("").getMessage()).isEqualTo("test.yaml: the file is empty");
    assertThat(problem("storage: [unclosed").getMessage())
        .isEqualTo(
            "test.yaml: not valid YAML at line 1, column 19: expected ',' or ']', but got the end"
                + " of the file (in the flow sequence that starts at line 1, column 10)");
    assertThat(problem("storage:\n\t- x\n").getMessage())
        .startsWith("test.yaml: not valid YAML at line 2, column 1: ")
        .doesNotContain("reader", "^");
    assertThatThrownBy(() -> ConfigSource.file(Path.of("no/such/drd.yaml")))
        .hasMessage("no/such/drd.yaml: the file does not exist");
  }

  @Test
  void anArchiveHasDefaultsAndUsesTheTargetsRoleUnlessItNamesOne() {
    DrdConfig config =
        load(
            MINIMAL.replace("database: orders", "database: orders\n    archive: {}")
                + """
                  - name: ledger
                    host: db.internal
                    database: ledger
                    user: drd
                    passwordEnv: LEDGER_PW
                    archive:
                      user: replicator
                      passwordEnv: REPLICATOR_PW
                      slot: ledger_wal
                      maxDelay: 5s
                """,
            Map.of("LEDGER_PW", "x", "REPLICATOR_PW", "y"));
    TargetConfig orders = config.requireTarget("orders");
    assertThat(orders.archived()).isTrue();
    assertThat(orders.archive().maxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(orders.archive().slotFor("orders")).isEqualTo("drd_orders");
    assertThat(orders.archiveConnection().user()).isEqualTo("postgres");
    TargetConfig ledger = config.requireTarget("ledger");
    assertThat(ledger.archiveConnection().user()).isEqualTo("replicator");
    assertThat(ledger.archiveConnection().passwordEnv()).isEqualTo("REPLICATOR_PW");
    assertThat(ledger.archive().slotFor("ledger")).isEqualTo("ledger_wal");
    assertThat(config.targets().stream().filter(t -> !t.archived()).toList()).isEmpty();
  }

  @Test
  void aBadArchiveNamesEveryProblemWithItsKey() {
    ConfigException e =
        problem(
            MINIMAL
                + """
                    archive:
                      passwordEnv: NO_USER
                      slot: Bad-Slot
                      maxDelay: 2h
                      baseBackupSchedule: "61 * * * *"
                """);
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).contains("targets[0].archive").contains("archive.user"))
        .anySatisfy(p -> assertThat(p).contains("targets[0].archive.slot").contains("Bad-Slot"))
        .anySatisfy(p -> assertThat(p).contains("targets[0].archive.maxDelay").contains("1h"))
        .anySatisfy(p -> assertThat(p).contains("targets[0].archive.baseBackupSchedule"));
  }
}
