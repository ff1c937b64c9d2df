package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.config.StorageConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.TemporalConnection;
import dev.drd.testing.Cli;
import dev.drd.testing.DrillReports;
import dev.drd.testing.Ports;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real command lines, run in this JVM: help, usage errors and config errors. */
class CliTest {
  @TempDir Path dir;

  private Path config(String targets) {
    return TestConfigs.write(
        dir,
        TestConfigs.yaml(TestTemporal.target(), "cli-test", TestS3.newBucket(""), targets, ""));
  }

  private static String target(String name, String more) {
    return TestConfigs.target(name, "127.0.0.1", 5432, "db", more);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "serve",
        "backup",
        "backup run",
        "backup list",
        "backup verify",
        "version",
        "config",
        "config check",
        "runs",
        "cancel",
        "schedule",
        "restore",
        "restore run",
        "drill",
        "drill run",
        "failover",
        "failover plan",
        "failover start",
        "failover status",
        "failover approve",
        "failover retry",
        "failover skip",
        "failover abort",
        "recover",
        "recover plan",
        "recover start",
        "recover status",
        "recover approve",
        "recover retry",
        "recover skip",
        "recover abort",
        "status",
        "archive",
        "archive status",
        "archive backup"
      })
  void everyCommandExplainsItselfWithHelp(String command) {
    String[] args = (command + " --help").trim().split(" ");
    Cli.Run run = Cli.run(args);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: drd").contains("--help");
  }

  @Test
  void anArchiveThatNoDaemonStreamsIsReportedNotStreaming() throws Exception {
    Path config = config(target("orders", "archive: { maxDelay: 5s }"));

    Cli.Run json = Cli.run("archive", "status", "--json", "--config", config.toString());
    Cli.Run human = Cli.run("archive", "status", "--config", config.toString());
    Cli.Run notArchived =
        Cli.run("archive", "status", "--target", "nope", "--config", config.toString());

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode orders = Json.MAPPER.readTree(json.out()).get("servers").get(0);
    assertThat(orders.get("target").asText()).isEqualTo("orders");
    assertThat(orders.get("streaming").asBoolean()).isFalse();
    assertThat(orders.get("archiver").asText()).isEqualTo("NOT_STARTED");
    assertThat(orders.get("slot").asText()).isEqualTo("drd_orders");
    assertThat(human.out()).contains("orders: NOT streaming", "nothing archived yet");
    assertThat(notArchived.exitCode()).isEqualTo(2);
    assertThat(notArchived.err()).contains("nope");
  }

  @Test
  void aPointInTimeRestoreNeedsAPointItUnderstandsAndOneDestination() {
    Path config = config(target("orders", "archive: {}"));
    String file = config.toString();

    Cli.Run badPoint =
        Cli.run(
            "restore",
            "run",
            "--target",
            "orders",
            "--at",
            "yesterday",
            "--data-dir",
            dir.resolve("d").toString(),
            "--config",
            file);
    Cli.Run noDir =
        Cli.run("restore", "run", "--target", "orders", "--at", "latest", "--config", file);
    Cli.Run withInto =
        Cli.run(
            "restore",
            "run",
            "--target",
            "orders",
            "--at",
            "latest",
            "--data-dir",
            dir.resolve("d").toString(),
            "--into",
            "orders_copy",
            "--config",
            file);
    Cli.Run neither = Cli.run("restore", "run", "--target", "orders", "--config", file);

    assertThat(badPoint.exitCode()).isEqualTo(2);
    assertThat(badPoint.err()).contains("'yesterday' is not a point in time", "0/5B44000");
    assertThat(noDir.exitCode()).isEqualTo(2);
    assertThat(noDir.err()).contains("needs --at, and either --data-dir", "or --into");
    assertThat(withInto.exitCode()).isEqualTo(2);
    assertThat(withInto.err()).contains("either --data-dir (the whole server) or --into");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("--into DATABASE", "--at and --data-dir");
  }

  @Test
  void aBaseBackupOfATargetWithoutArchiveIsRefusedSayingWhatToAdd() {
    Path config = config(target("orders", ""));

    Cli.Run run = Cli.run("archive", "backup", "--target", "orders", "--config", config.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("target orders has no archive", "add archive: to it");
  }

  @Test
  void aPointInTimeDrillNeedsTheArchiveAndAPointItUnderstands() {
    String file = config(target("plain", "") + target("orders", "archive: {}")).toString();
    Cli.Run noArchive =
        Cli.run("drill", "run", "--target", "plain", "--at", "latest", "--config", file);
    Cli.Run badPoint =
        Cli.run("drill", "run", "--target", "orders", "--at", "yesterday", "--config", file);
    file = config(target("plain", "drill: {at: random}")).toString();
    Cli.Run atInConfig = Cli.run("drill", "run", "--target", "plain", "--config", file);

    assertThat(noArchive.exitCode()).isEqualTo(2);
    assertThat(noArchive.err()).contains("target plain has no archive", "without --at");
    assertThat(badPoint.exitCode()).isEqualTo(2);
    assertThat(badPoint.err()).contains("--at: random, or 'yesterday' is not a point in time");
    assertThat(atInConfig.exitCode()).isEqualTo(2);
    assertThat(atInConfig.err()).contains("drill.at: a point-in-time drill needs the WAL archive");
  }

  @Test
  void aDrillOfABackupThereIsNotIsRefusedBeforeItStarts() {
    String file = config(target("orders", "archive: {}")).toString();
    Cli.Run unknown =
        Cli.run(
            "drill", "run", "--target", "orders", "--backup", "20260101T000000Z", "--config", file);
    Cli.Run withAt =
        Cli.run(
            "drill",
            "run",
            "--target",
            "orders",
            "--backup",
            "x",
            "--at",
            "latest",
            "--config",
            file);

    assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "there is no backup 20260101T000000Z of target orders; list them with: drd backup"
                + " list --target orders");
    assertThat(withAt.exitCode()).isEqualTo(2);
    assertThat(withAt.err()).contains("--backup and --at");
  }

  @Test
  void theVersionAnswersOnEveryCommandAndHelpIsACommandToo() throws Exception {
    Cli.Run version = Cli.run("version");
    Cli.Run onASubcommand = Cli.run("failover", "status", "--version");
    Cli.Run json = Cli.run("version", "--json");
    Cli.Run help = Cli.run("help", "backup");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).contains("drd ", "Java ");
    assertThat(onASubcommand.exitCode()).isZero();
    assertThat(onASubcommand.out()).isEqualTo(version.out());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("drd").asText()).isNotBlank();
    assertThat(doc.get("java").asText()).startsWith(Integer.toString(Runtime.version().feature()));
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("verify", "Run backups by hand");
  }

  @Test
  void aConfigIsCheckedWithoutStartingAnythingAndWithConnectItsServicesAreReached()
      throws Exception {
    Path good = config(TestConfigs.target("orders", "127.0.0.1", 1, "db", ""));
    Cli.Run valid = Cli.run("config", "check", "--config", good.toString());
    Cli.Run reached =
        Cli.run("config", "check", "--connect", "--json", "--config", good.toString());
    Path unset = config(target("orders", "passwordEnv: DRD_TEST_SURELY_UNSET_PASSWORD"));
    Cli.Run missing = Cli.run("config", "check", "--config", unset.toString());

    assertThat(valid.exitCode()).as(valid.err()).isZero();
    assertThat(valid.out()).contains("is valid: 1 target (orders)", "nothing was reached");
    assertThat(reached.exitCode()).as("the database does not answer").isEqualTo(1);
    JsonNode checks = new ObjectMapper().readTree(reached.out()).get("reached");
    assertThat(checks.get(0).get("what").asText()).startsWith("temporal ");
    assertThat(checks.get(0).get("ok").asBoolean()).as(checks.toString()).isTrue();
    assertThat(checks.get(1).get("ok").asBoolean()).as("the bucket: " + checks).isTrue();
    assertThat(checks.get(2).get("what").asText()).isEqualTo("target orders");
    assertThat(checks.get(2).get("ok").asBoolean()).isFalse();
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains(
            "targets[0].passwordEnv: environment variable DRD_TEST_SURELY_UNSET_PASSWORD is not set");
  }

  @Test
  void theScheduleShowsEveryTriggerWithItsNextFireTimesWithoutStartingAnything() throws Exception {
    Path file =
        config(
            target("orders", "backup: { schedule: '0 2 * * *' }\ndrill: { schedule: '30 4 * * 1' }")
                + target("manual", ""));
    Cli.Run human = Cli.run("schedule", "--config", file.toString());
    Cli.Run json = Cli.run("schedule", "--count", "2", "--json", "--config", file.toString());

    assertThat(human.exitCode()).as(human.err()).isZero();
    assertThat(human.out()).contains("backup", "orders", "'0 2 * * *'", "next ");
    JsonNode schedules = new ObjectMapper().readTree(json.out()).get("schedules");
    assertThat(schedules).hasSize(2);
    JsonNode backup = schedules.get(0);
    assertThat(backup.get("runbook").asText()).isEqualTo("backup");
    Instant first = Instant.parse(backup.get("next").get(0).asText());
    Instant second = Instant.parse(backup.get("next").get(1).asText());
    assertThat(first).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));
    assertThat(first.atZone(ZoneOffset.UTC).getHour()).isEqualTo(2);
    assertThat(Duration.between(first, second)).isEqualTo(Duration.ofDays(1));
    JsonNode drill = schedules.get(1);
    assertThat(drill.get("runbook").asText()).isEqualTo("drill");
    assertThat(
            Instant.parse(drill.get("next").get(0).asText()).atZone(ZoneOffset.UTC).getDayOfWeek())
        .isEqualTo(java.time.DayOfWeek.MONDAY);
  }

  @Test
  void withJsonAFailureIsOneJsonDocumentOnStdoutWithItsTypeAndTheNextStep() throws Exception {
    Path file = config(target("orders", ""));
    Cli.Run unknownTarget =
        Cli.run("backup", "list", "--target", "ordres", "--json", "--config", file.toString());
    Cli.Run misspelt =
        Cli.run("backup", "list", "--taget", "orders", "--json", "--config", file.toString());
    Cli.Run refused = Cli.run("cancel", "failover/x", "--json", "--config", file.toString());

    ObjectMapper mapper = new ObjectMapper();
    for (var run :
        List.of(
            Map.entry("UNKNOWN_TARGET", unknownTarget),
            Map.entry("USAGE", misspelt),
            Map.entry("REFUSED", refused))) {
      Cli.Run r = run.getValue();
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      JsonNode error = mapper.readTree(r.out()).get("error");
      assertThat(error.get("type").asText()).isEqualTo(run.getKey());
      assertThat(error.get("message").asText()).isNotBlank();
      assertThat(error.get("next").asText()).isNotBlank();
      assertThat(r.out() + r.err()).doesNotContain("Exception", "at io.", "java.lang");
    }
  }

  @Test
  void theRootHelpNamesTheCommandsAndTheExitCodes() {
    Cli.Run run = Cli.run("--help");
    assertThat(run.out())
        .contains(
            "serve",
            "backup",
            "restore",
            "drill",
            "status",
            "Exit codes: 0 done, 1 the runbook failed, 2 bad usage");
  }

  @Test
  void theOperatorsCommandsSpeakOfTheRunbookTheyAreUnder() {
    assertThat(help("failover", "status"))
        .contains("Show a runbook that drd failover start started")
        .doesNotContain("${");
    assertThat(help("recover"))
        .contains("plan Check", "start Start", "status Show", "approve Approve")
        .contains(
            "retry Run", "skip Mark", "abort Stop the runbook that drd recover start started");
    assertThat(help("recover", "approve"))
        .contains("drd recover start started")
        .contains("shown by drd recover status");
    assertThat(help("recover", "start")).contains("no waiting for drd recover approve");
    assertThat(help("recover", "abort"))
        .contains("Stop the runbook that drd recover start started")
        .contains(
            "A recovery: before its keep step ran (nothing renamed, nothing restored), the"
                + " services are scaled back to their recorded counts; after it nothing is undone"
                + " and the services not started again stay stopped: see"
                + " runbooks/recover.md.")
        .contains("A failover: before the promotion")
        .contains("The runbook's id as its start printed it, recover/NAME;")
        .doesNotContain("failover/NAME", "failover-us-east")
        .doesNotContain("${");
    Cli.Run blank =
        Cli.run("recover", "start", "--runbook", "runbooks/recover-dev.yaml", "--backup", " ");
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).contains("--backup: empty; give a key or stamp");
    Cli.Run recover = Cli.run("recover");
    assertThat(recover.exitCode()).isEqualTo(2);
    assertThat(recover.err())
        .contains("name a recover command: plan, start, status, approve, retry, skip, abort");
  }

  /** A command's help on one line, as picocli's wrapping would split a phrase. */
  private static String help(String... command) {
    String[] args = Arrays.copyOf(command, command.length + 1);
    args[command.length] = "--help";
    return Cli.run(args).out().replaceAll("\\s+", " ");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(Cli.run().exitCode()).isEqualTo(2);
    Cli.Run missingTarget = Cli.run("backup", "run");
    assertThat(missingTarget.exitCode()).isEqualTo(2);
    assertThat(missingTarget.err()).contains("Missing required option: '--target=NAME'");
    assertThat(Cli.run("bogus").exitCode()).isEqualTo(2);
    assertThat(Cli.run("backup").err()).contains("name a backup command");
    Cli.Run missingInto = Cli.run("restore", "run", "--target", "orders");
    assertThat(missingInto.exitCode()).isEqualTo(2);
    assertThat(missingInto.err()).contains("give --into DATABASE", "or --at and --data-dir");
    Cli.Run noWorkflow = Cli.run("status");
    assertThat(noWorkflow.exitCode()).isEqualTo(2);
    assertThat(noWorkflow.err()).contains("name a WORKFLOW_ID, or give --targets");
  }

  @Test
  void aFailoverPlanIsADryRunAndABadRunbookExitsWithTwo() throws Exception {
    Cli.Run plan =
        Cli.run(
            "failover",
            "plan",
            "--runbook",
            "runbooks/failover-us-east-to-eu-west.yaml",
            "--config",
            "config/drd.yaml");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("failover us-east → eu-west (workflow id failover/us-east-to-eu-west), 15 steps")
        .contains(" 8. promote     replica temporal-eu-west")
        .contains("Nothing was contacted or changed.");

    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(bad, "from: a\nto: b\ndatabase: { promote: nope }\n");
    Cli.Run invalid =
        Cli.run("failover", "plan", "--runbook", bad.toString(), "--config", "config/drd.yaml");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err())
        .contains(bad + ": 2 problems")
        .contains("- database.promote: there is no target named 'nope'")
        .contains("- missing required key 'dns'");
  }

  @Test
  void aRecoveryPlanIsADryRun() {
    Cli.Run plan =
        Cli.run(
            "recover",
            "plan",
            "--runbook",
            "runbooks/recover-temporal.yaml",
            "--config",
            "config/drd.yaml");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains(
            "recovery of temporal from backup latest (workflow id recover/temporal), 15 steps")
        .contains(" 8. keep        rename temporal's database to <name>_corrupt_<time>")
        .contains("is read whole to check its SHA-256 (read-only)")
        .contains("Nothing was contacted or changed.");
  }

  @Test
  void aRunbookWithProblemsIsOneJsonErrorNamingEachAndHowToCheckAgain() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(
        bad,
        "from: a\nto: b\ntarget: x\ndatabase: { promote: temporal-eu-west }\n"
            + "approval: { required: \"yes\" }\n");
    Cli.Run run =
        Cli.run(
            "failover",
            "plan",
            "--runbook",
            bad.toString(),
            "--json",
            "--config",
            "config/drd.yaml");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    JsonNode error = new ObjectMapper().readTree(run.out()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("RUNBOOK_INVALID");
    assertThat(error.get("message").asText())
        .startsWith(bad + ": 3 problems")
        .contains("- approval.required: expected true or false, got \"yes\"")
        .contains("- unknown key 'target'; the keys here are")
        .contains("- missing required key 'dns'");
    assertThat(error.get("next").asText())
        .isEqualTo(
            "fix the keys listed, then check again with `drd failover plan --runbook %s` (it checks"
                    .formatted(bad)
                + " without acting)");
    assertThat(run.out() + run.err()).doesNotContain("java.", "Exception", "Cannot deserialize");
  }

  @ParameterizedTest
  @CsvSource({
    "failover, runbooks/recover-dev.yaml, recovery, recover",
    "recover, runbooks/failover-dev.yaml, failover, failover"
  })
  void aRunbookOfTheOtherKindIsNamedAsSuch(String command, String file, String kind, String right)
      throws Exception {
    Cli.Run run =
        Cli.run(command, "plan", "--runbook", file, "--json", "--config", "config/drd-dev.yaml");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    String message =
        "%s is a %s runbook; use `drd %s plan --runbook %s`".formatted(file, kind, right, file);
    assertThat(run.err()).contains(message);
    JsonNode error = new ObjectMapper().readTree(run.out()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("RUNBOOK_INVALID");
    assertThat(error.get("message").asText()).isEqualTo(message);
    assertThat(error.get("next").asText())
        .contains("drd %s plan --runbook %s".formatted(right, file));
  }

  @Test
  void aRestoreToAnUnknownServerNamesTheKnownOnes() {
    Path file = config(target("orders", ""));
    Cli.Run run =
        Cli.run(
            "restore",
            "run",
            "--target",
            "orders",
            "--into",
            "copy",
            "--server",
            "stagin",
            "--config",
            file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("there is no target named 'stagin'; the config knows: orders");
  }

  @Test
  void targetStatusFlagsATargetWithoutAVerifiedBackupWithinItsRpo() throws Exception {
    StorageConfig storage = TestS3.newBucket("");
    Path file =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                TestTemporal.target(),
                "cli-test",
                storage,
                target("orders", "objectives: { rpo: 1h }")
                    + target("drilled", "objectives: { rpo: 1h }")
                    + target("relaxed", ""),
                ""));
    Instant takenAt = Instant.now().minus(Duration.ofMinutes(10));
    try (S3ObjectStore store = S3ObjectStore.create(storage)) {
      store.put(
          "drilled/drills/20261124T050000Z.json",
          DrillReports.json("drilled", "drilled/2026/11/24/x.dump.zst", takenAt, true),
          "application/json");
      store.put(
          "orders/drills/20261124T050000Z.json",
          DrillReports.json("orders", "orders/2026/11/24/x.dump.zst", takenAt, false),
          "application/json");
    }

    Cli.Run run = Cli.run("status", "--targets", "--config", file.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("orders\\s+none\\s+none\\s+1h\\s+STALE \\(no verified backup\\)")
        .containsPattern("drilled\\s+none\\s+10m\\d*s? ago\\s+1h\\s+ok")
        .containsPattern("relaxed\\s+none\\s+none\\s+-\\s+no backups \\(no RPO set\\)")
        .contains("drd drill run --target NAME --wait");

    Cli.Run json = Cli.run("status", "--targets", "--json", "--config", file.toString());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("stale").asBoolean()).isTrue();
    assertThat(doc.get("targets").get(1).get("newestVerifiedBackup").asText())
        .isEqualTo(takenAt.toString());
    assertThat(doc.get("targets").get(0).get("lastDrillPassed").asBoolean()).isFalse();
  }

  @Test
  void anUnknownTargetNamesTheKnownOnesAndExitsWithTwo() {
    Path file = config(target("orders", ""));
    Cli.Run run = Cli.run("backup", "run", "--target", "ordres", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("drd: there is no target named 'ordres'; the config knows: orders\n");
    assertThat(
            Cli.run("backup", "list", "--target", "ordres", "--config", file.toString()).exitCode())
        .isEqualTo(2);
  }

  @Test
  void aBadCronStopsTheDaemonNamingFileAndKey() {
    Path file = config(target("orders", "backup: { schedule: '0 2 * *' }"));
    Cli.Run run = Cli.run("serve", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "drd: " + file + ": targets[0].backup.schedule: '0 2 * *' is not a cron expression");
  }

  @Test
  void aMissingPasswordVariableStopsTheDaemon() {
    Path file = config(target("orders", "passwordEnv: DRD_TEST_SURELY_UNSET_PASSWORD"));
    Cli.Run run = Cli.run("serve", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "targets[0].passwordEnv: environment variable DRD_TEST_SURELY_UNSET_PASSWORD is not set");
  }

  @Test
  void theDaemonNeedsAConfigOrDevMode() {
    Cli.Run run = Cli.run("serve");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--config FILE or $DRD_CONFIG").contains("--dev");
  }

  @Test
  void anUnreachableTemporalIsASetupErrorThatSaysWhereItLooked() {
    String closed = "127.0.0.1:" + Ports.free();
    Path file =
        TestConfigs.write(
            dir, TestConfigs.yaml(closed, "q", TestS3.newBucket(""), target("orders", ""), ""));
    Cli.Run run = Cli.run("backup", "run", "--target", "orders", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot reach Temporal at " + closed);
  }

  @Test
  void tlsFilesThatCannotBeReadStopTheDaemonBeforeItStartsNamingThem() {
    String yaml =
        TestConfigs.yaml("127.0.0.1:7233", "q", TestS3.newBucket(""), target("orders", ""), "")
            .replace(
                "taskQueue: q\n",
                "taskQueue: q\n  tls: { clientCert: /nonexistent/drd.pem, clientKey: %s }\n"
                    .formatted(dir.resolve("missing.key")));
    Path file = TestConfigs.write(dir, yaml);

    Cli.Run run = Cli.run("serve", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("temporal.tls.clientCert: cannot read /nonexistent/drd.pem")
        .contains("temporal.tls.clientKey: cannot read " + dir.resolve("missing.key"));
  }

  @Test
  void statusOfAnUnknownWorkflowExitsWithTwo() {
    Path file = config(target("orders", ""));
    Cli.Run run = Cli.run("status", "backup/orders/never", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("there is no workflow backup/orders/never");
  }

  @Test
  void waitingWithoutADaemonSaysWhatToCheck() throws Exception {
    Path file = config(target("nodaemon", ""));
    StringWriter err = new StringWriter();
    Thread cli =
        Thread.ofPlatform()
            .start(() ->
                DrdCommand.commandLine(
                        new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                    .execute(
                        "backup",
                        "run",
                        "--target",
                        "nodaemon",
                        "--wait",
                        "--config",
                        file.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!err.toString().contains("nothing has happened") && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(err.toString())
        .contains(
            "nothing has happened for 10s: is a drd daemon (drd serve) polling task queue 'cli-test' at "
                + TestTemporal.target());
    try (TemporalConnection temporal =
        TemporalConnection.connect(
            new dev.drd.config.TemporalConfig(TestTemporal.target(), null, null, null, null, null),
            null,
            Duration.ofSeconds(5))) {
      temporal.client().newUntypedWorkflowStub("backup/nodaemon/manual").terminate("test over");
    }
    cli.join(10_000);
    assertThat(err.toString()).contains("terminated");
  }

  @Test
  void listingAnEmptyBucketSaysSo() {
    Path file = config(target("orders", ""));
    Cli.Run run = Cli.run("backup", "list", "--target", "orders", "--config", file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("0 backups of orders in bucket drd-test-");
  }
}
