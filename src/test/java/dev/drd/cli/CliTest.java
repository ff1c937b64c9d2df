package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.temporal.TemporalConnection;
import dev.drd.testing.Cli;
import dev.drd.testing.Ports;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
            new dev.drd.config.TemporalConfig(TestTemporal.target(), null, null, null, null),
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
