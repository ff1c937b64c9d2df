package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.backup.BackupKeys;
import dev.drd.backup.BackupLayout;
import dev.drd.config.StorageConfig;
import dev.drd.failover.FailoverWorkflowImpl;
import dev.drd.failover.FakeFailoverActivities;
import dev.drd.recover.RecordingRecoverActivities;
import dev.drd.recover.RecoverWorkflowImpl;
import dev.drd.restore.FakeRestoreActivities;
import dev.drd.restore.RestoreWorkflowImpl;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Cli;
import dev.drd.testing.CommandLineWorker;
import dev.drd.testing.Ports;
import dev.drd.testing.StoredBackups;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestRunbooks;
import dev.drd.testing.TestS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's contract, on every command of {@code drd --help}'s tree: with {@code --json}, exactly
 * one JSON document on stdout whatever the exit code (0 done, 1 failed, 2 refused or bad usage, 3
 * waits for a person), an error document that says what failed and what to do next, and no stack
 * trace, Java type or raw gRPC status in anything a person reads. Each command runs through a
 * success and a failure, against Temporal's test server with a worker whose activities are fakes, a
 * real S3 API and a real PostgreSQL for the backup that is verified.
 */
class CliContractTest {
  /** Commands whose output is not a result: a daemon, a shell script, picocli's help. */
  private static final Set<String> NOT_JSON = Set.of("serve", "completion", "help");

  private static final List<String> INTERNALS =
      List.of(
          "Exception",
          "at io.",
          "at java.",
          "java.lang",
          "NOT_FOUND:",
          "UNAVAILABLE:",
          "Status{",
          "com.fasterxml",
          "io.grpc",
          "io.temporal");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static TestPostgres pg;

  @TempDir Path dir;

  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<String> broken = new ArrayList<>();

  private record Outcome(String command, int exitCode) {}

  @BeforeAll
  static void server() {
    pg = TestPostgres.start();
    pg.createDatabase("shop");
    pg.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)");
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  @Test
  void everyCommandPrintsOneJsonDocumentThroughSuccessAndFailure() throws Exception {
    FakeFailoverActivities failover = new FakeFailoverActivities();
    RecordingRecoverActivities recovery = new RecordingRecoverActivities();
    FakeRestoreActivities restore = new FakeRestoreActivities();
    StorageConfig storage = TestS3.newBucket("");
    String region = "contract" + System.nanoTime();
    String ledger = "ledger";
    String targets =
        TestConfigs.target("shop", pg.host(), pg.port(), "shop", "archive: {}")
            + TestConfigs.target("old-primary", "127.0.0.1", 5432, "db", "")
            + TestConfigs.target("new-primary", "127.0.0.1", 5433, "db", "")
            + TestConfigs.target(ledger, "127.0.0.1", 5432, RecordingRecoverActivities.DATABASE, "")
            + TestConfigs.target("ledger2", "127.0.0.1", 5432, "ledger", "")
            + TestConfigs.target("ledger3", "127.0.0.1", 5432, "ledger", "");
    Instant at = Instant.parse("2026-12-03T10:00:00Z");
    BackupKeys keys = new BackupLayout("").keys("shop", at);
    try (S3ObjectStore store = S3ObjectStore.create(storage)) {
      StoredBackups.putArchive(store, "shop", keys, at, pg.dump("shop"));
    }
    try (CommandLineWorker worker =
        CommandLineWorker.start(
            dir,
            storage,
            targets,
            List.of(
                FailoverWorkflowImpl.class, RecoverWorkflowImpl.class, RestoreWorkflowImpl.class),
            List.of(failover, recovery, restore))) {
      workerConfig = worker.config();
      String config = workerConfig.toString();
      String down = downConfig(storage, targets).toString();
      Path failoverYaml = failoverRunbook(region);
      Path recoverYaml = recoveryRunbook(ledger);
      Path recover2Yaml = recoveryRunbook("ledger2");
      Path recover3Yaml = recoveryRunbook("ledger3");
      String failoverId = "failover/%s-to-west".formatted(region);
      String recoverId = "recover/" + ledger;

      // one at a time, in the order an on-call engineer would type them
      expect(0, "version");
      expect(2, "version", "--nope");
      expect(0, "config", "check", "--config", config);
      expect(2, "config", "check", "--config", dir.resolve("missing.yaml").toString());
      expect(0, "schedule", "--config", config);
      expect(2, "schedule", "--config", down + ".missing");
      expect(0, "status", "--targets", "--config", config);
      expect(2, "status", "--targets", "--config", down + ".missing");
      expect(0, "backup", "list", "--target", "shop", "--config", config);
      expect(2, "backup", "list", "--target", "nope", "--config", config);
      expect(0, "backup", "verify", "--target", "shop", "--config", config);
      expect(2, "backup", "verify", "--target", "old-primary", "--config", config);
      expect(0, "backup", "run", "--target", "shop", "--config", config);
      expect(2, "backup", "run", "--taget", "shop", "--config", config);
      expect(2, "backup", "run", "--target", "shop", "--config", down);
      expect(0, "drill", "run", "--target", "shop", "--config", config);
      expect(2, "drill", "run", "--target", "nope", "--config", config);
      expect(0, "archive", "status", "--config", config);
      expect(2, "archive", "status", "--target", "old-primary", "--config", config);
      expect(0, "archive", "backup", "--target", "shop", "--config", config);
      expect(2, "archive", "backup", "--target", "old-primary", "--config", config);
      expect(0, "runs", "--config", config);
      expect(2, "runs", "--kind", "dump", "--config", config);
      expect(2, "runs", "--config", down);
      expect(0, "status", "backup/shop/manual", "--config", config);
      expect(2, "status", "backup/shop/none", "--config", config);
      expect(0, "cancel", "drill/shop/manual", "--reason", "contract", "--config", config);
      expect(2, "cancel", "drill/shop/none", "--config", config);
      expect(2, "cancel", failoverId, "--config", config);

      expect(0, "restore", "run", "--target", "shop", "--into", "scratch", "--wait");
      restore.verificationFails = true;
      expect(1, "restore", "run", "--target", "shop", "--into", "scratch2", "--wait");
      restore.verificationFails = false;
      expect(2, "restore", "run", "--target", "shop", "--config", config);

      expect(0, "failover", "plan", "--runbook", failoverYaml.toString(), "--config", config);
      expect(2, "failover", "plan", "--runbook", dir.resolve("none.yaml").toString());
      failover.failTimes("promote", 3);
      expect(3, "failover", "start", "--runbook", failoverYaml.toString(), "--wait");
      expect(2, "failover", "start", "--runbook", failoverYaml.toString());
      expect(3, "failover", "status", failoverId);
      expect(2, "failover", "status", "failover/nowhere-to-west");
      expect(2, "failover", "retry", failoverId);
      expect(3, "failover", "approve", failoverId, "--by", "bob", "--wait");
      expect(2, "failover", "approve", failoverId, "--by", "bob");
      expect(0, "failover", "retry", failoverId, "--by", "carol", "--wait");
      expect(0, "failover", "status", failoverId);
      expect(2, "failover", "skip", failoverId);
      expect(2, "failover", "abort", failoverId);
      Path second = failoverRunbook(region + "b");
      String secondId = "failover/%sb-to-west".formatted(region);
      failover.failTimes("promote", 3);
      expect(0, "failover", "start", "--runbook", second.toString());
      expect(0, "failover", "approve", secondId, "--by", "bob");
      expect(3, "failover", "status", secondId, "--watch");
      expect(0, "failover", "skip", secondId, "--by", "carol", "--wait");
      Path third = failoverRunbook(region + "c");
      expect(0, "failover", "start", "--runbook", third.toString());
      expect(0, "failover", "abort", "failover/%sc-to-west".formatted(region), "--by", "dave");
      expect(2, "failover", "approve", "failover/nowhere-to-west", "--by", "bob");

      expect(0, "recover", "plan", "--runbook", recoverYaml.toString(), "--config", config);
      expect(2, "recover", "plan", "--runbook", dir.resolve("none.yaml").toString());
      restore.verificationFails = true;
      expect(0, "recover", "start", "--runbook", recoverYaml.toString());
      expect(2, "recover", "start", "--runbook", recoverYaml.toString());
      expect(3, "recover", "status", recoverId);
      expect(2, "recover", "status", "recover/nothing");
      expect(3, "recover", "approve", recoverId, "--by", "alice", "--wait");
      expect(2, "recover", "approve", recoverId, "--by", "alice");
      expect(3, "recover", "retry", recoverId, "--by", "carol", "--wait");
      restore.verificationFails = false;
      expect(0, "recover", "retry", recoverId, "--by", "carol", "--wait");
      expect(2, "recover", "retry", recoverId);
      expect(2, "recover", "skip", recoverId);
      expect(2, "recover", "abort", recoverId);
      restore.verificationFails = true;
      expect(3, "recover", "start", "--runbook", recover2Yaml.toString(), "--yes", "--wait");
      expect(0, "recover", "skip", "recover/ledger2", "--by", "dave", "--wait");
      expect(0, "recover", "status", "recover/ledger2");
      expect(0, "recover", "start", "--runbook", recover3Yaml.toString());
      expect(0, "recover", "approve", "recover/ledger3", "--by", "alice");
      expect(3, "recover", "status", "recover/ledger3", "--watch");
      expect(0, "recover", "abort", "recover/ledger3", "--by", "erin");
      expect(1, "recover", "status", "recover/ledger3", "--watch");
      expect(0, "status", recoverId, "--config", config);
      expect(2, "status", "restore/shop/nothing", "--config", config);

      for (String leaf : jsonLeaves()) {
        expect(2, (leaf + " --no-such-option").split(" "));
      }
    }

    assertThat(broken).as("commands that broke the contract").isEmpty();
    Map<String, Set<Integer>> exits = new LinkedHashMap<>();
    outcomes.forEach(
        o -> exits.computeIfAbsent(o.command(), c -> new TreeSet<>()).add(o.exitCode()));
    List<String> untried = new ArrayList<>();
    for (String leaf : jsonLeaves()) {
      Set<Integer> seen = exits.getOrDefault(leaf, Set.of());
      if (!seen.contains(0) || !seen.contains(2)) {
        untried.add(leaf + " " + seen);
      }
    }
    assertThat(untried).as("commands not run through both success (0) and failure (2)").isEmpty();
    assertThat(exits.values().stream().flatMap(Set::stream).distinct())
        .as("every exit code of the contract was seen")
        .contains(0, 1, 2, 3);
  }

  @Test
  void everyCommandsHelpHasAnExample() {
    for (String leaf : leaves()) {
      Cli.Run help = Cli.run((leaf + " --help").split(" "));
      assertThat(help.exitCode()).as(leaf).isZero();
      if (!leaf.equals("help")) {
        assertThat(help.out()).as(leaf + " --help").contains("Example");
      }
    }
  }

  /**
   * Runs {@code drd ARGS --json} (with the worker's config where the command takes one and the case
   * names none) and checks the contract; a broken one is collected, not thrown, so that one run
   * names every command that breaks it.
   */
  private void expect(int exitCode, String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--json");
    String leaf = leafOf(args);
    if (!line.contains("--config") && takesConfig(leaf)) {
      line.add("--config");
      line.add(workerConfig.toString());
    }
    long started = System.nanoTime();
    Cli.Run run = Cli.run(line.toArray(String[]::new));
    String shown = "drd " + String.join(" ", line) + " → " + run.exitCode();
    System.err.printf("[contract] %s (%d ms)%n", shown, (System.nanoTime() - started) / 1_000_000);
    outcomes.add(new Outcome(leaf, run.exitCode()));
    if (run.exitCode() != exitCode) {
      broken.add(shown + ", expected " + exitCode + "\n" + run.err() + run.out());
      return;
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(run.out());
    } catch (IOException e) {
      broken.add(shown + ": stdout is not one JSON document: " + run.out());
      return;
    }
    if (doc == null || !doc.isContainerNode()) {
      broken.add(shown + ": stdout is not a JSON document: " + run.out());
      return;
    }
    if (exitCode == 1 || exitCode == 2) {
      if (doc.has("error")) {
        for (String field : List.of("type", "message", "next")) {
          if (doc.path("error").path(field).asText().isBlank()) {
            broken.add(shown + ": error." + field + " is empty: " + run.out());
          }
        }
      } else if (exitCode == 2) {
        broken.add(shown + ": a refusal without an error document: " + run.out());
      }
    }
    for (String internal : INTERNALS) {
      if (run.out().contains(internal) || run.err().contains(internal)) {
        broken.add(shown + ": shows '" + internal + "':\n" + run.err() + run.out());
      }
    }
  }

  private Path workerConfig;

  /** The same config with Temporal where nothing answers. */
  private Path downConfig(StorageConfig storage, String targets) {
    return TestConfigs.write(
        Files.exists(dir.resolve("down")) ? dir.resolve("down") : mkdir(dir.resolve("down")),
        TestConfigs.yaml("127.0.0.1:" + Ports.free(), "nobody", storage, targets, ""));
  }

  private static Path mkdir(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path failoverRunbook(String region) {
    return TestRunbooks.failover(dir.resolve("failover-" + region + ".yaml"), region);
  }

  private Path recoveryRunbook(String target) {
    return TestRunbooks.recovery(dir.resolve("recover-" + target + ".yaml"), target, "api");
  }

  /** Every command of the tree that has no subcommands, as its words ("failover approve"). */
  static List<String> leaves() {
    List<String> found = new ArrayList<>();
    collect(Cli.commandLine(), "", found);
    return found;
  }

  private static List<String> jsonLeaves() {
    return leaves().stream().filter(l -> !NOT_JSON.contains(l)).toList();
  }

  private static void collect(CommandLine command, String words, List<String> found) {
    if (command.getSubcommands().isEmpty()) {
      found.add(words.strip());
      return;
    }
    command
        .getSubcommands()
        .forEach((name, sub) -> {
          if (sub.getCommandName().equals(name)) {
            collect(sub, words + " " + name, found);
          }
        });
  }

  private static String leafOf(String... args) {
    String found = "";
    CommandLine command = Cli.commandLine();
    for (String arg : args) {
      CommandLine sub = command.getSubcommands().get(arg);
      if (sub == null) {
        break;
      }
      command = sub;
      found = (found + " " + arg).strip();
    }
    return found;
  }

  private static boolean takesConfig(String leaf) {
    CommandLine command = Cli.commandLine();
    for (String word : leaf.split(" ")) {
      command = command.getSubcommands().get(word);
    }
    return command.getCommandSpec().findOption("--config") != null;
  }
}
