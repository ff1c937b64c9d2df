package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.testing.Cli;
import dev.drd.testing.Ports;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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
  @ValueSource(strings = {"", "serve", "backup", "backup run", "backup list", "status"})
  void everyCommandExplainsItselfWithHelp(String command) {
    String[] args = (command + " --help").trim().split(" ");
    Cli.Run run = Cli.run(args);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: drd").contains("--help");
  }

  @Test
  void theRootHelpNamesTheCommandsAndTheExitCodes() {
    Cli.Run run = Cli.run("--help");
    assertThat(run.out())
        .contains(
            "serve", "backup", "status", "Exit codes: 0 done, 1 the runbook failed, 2 bad usage");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(Cli.run().exitCode()).isEqualTo(2);
    Cli.Run missingTarget = Cli.run("backup", "run");
    assertThat(missingTarget.exitCode()).isEqualTo(2);
    assertThat(missingTarget.err()).contains("Missing required option: '--target=NAME'");
    assertThat(Cli.run("bogus").exitCode()).isEqualTo(2);
    assertThat(Cli.run("backup").err()).contains("name a backup command");
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
  void statusOfAnUnknownWorkflowExitsWithTwo() {
    Path file = config(target("orders", ""));
    Cli.Run run = Cli.run("status", "backup/orders/never", "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("there is no workflow backup/orders/never");
  }

  @Test
  void listingAnEmptyBucketSaysSo() {
    Path file = config(target("orders", ""));
    Cli.Run run = Cli.run("backup", "list", "--target", "orders", "--config", file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("0 backups of orders in bucket drd-test-");
  }
}
