package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.testing.BackupDaemons;
import dev.drd.testing.BackupDaemons.Setup;
import dev.drd.testing.DrdProcess;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in logs, workflow inputs or histories: a daemon holding a database password and S3 keys
 * runs backups and restores, failing ones too, for the CLI; then every line they wrote and every
 * history in the namespace is searched for the secrets.
 */
class NoSecretsIT {
  private static final String PASSWORD = "pw-7f3a9c1e-do-not-log";
  private static final String WRONG_PASSWORD = "pw-0b5d2e84-wrong-do-not-log";
  private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, TestS3.SECRET_KEY);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final BackupDaemons daemons = new BackupDaemons();

  @TempDir Path work;

  @BeforeAll
  static void servers() {
    TestPostgres pg = daemons.pg();
    pg.createPasswordRole(PASSWORD);
    // The restore creates its database as this role, too: the password is used on both paths.
    pg.execute("postgres", "ALTER ROLE " + TestPostgres.PASSWORD_ROLE + " CREATEDB");
    pg.createDatabase("ledger");
    pg.execute(
        "ledger",
        "CREATE TABLE entries AS SELECT g id, md5(g::text) memo FROM generate_series(1, 1000) g");
  }

  /** Text that was searched, and where it came from. */
  private record Scanned(String where, String text) {}

  private final List<Scanned> scanned = new ArrayList<>();
  private final List<String> workflowIds = new ArrayList<>();
  private Setup setup;

  @Test
  void noPasswordOrKeyInLogsOutputsOrHistories() throws Exception {
    setup =
        daemons.setup(
            work,
            "secrets",
            target("ledger", "ledger", "LEDGER_PASSWORD")
                + target("nodb", "no_such_db", "LEDGER_PASSWORD")
                + target("wrongpw", "ledger", "WRONG_PASSWORD"),
            "restore: { workDir: " + work.resolve("restore") + " }");
    DrdProcess daemon =
        daemons.serve(
            work, setup, Map.of("LEDGER_PASSWORD", PASSWORD, "WRONG_PASSWORD", WRONG_PASSWORD));
    try (daemon) {
      JsonNode backup = await(0, "backup", "run", "--target", "ledger");
      await(0, "restore", "run", "--target", "ledger", "--into", "ledger_copy", "--no-owner");
      JsonNode notEmpty =
          await(1, "restore", "run", "--target", "ledger", "--into", "ledger_copy", "--no-owner");
      JsonNode noDatabase = await(1, "backup", "run", "--target", "nodb");
      JsonNode wrongPassword = await(1, "backup", "run", "--target", "wrongpw");
      assertThat(Stream.of(notEmpty, noDatabase, wrongPassword))
          .map(j -> j.at("/failure/type").asText())
          .containsExactly("TARGET_NOT_EMPTY", "DATABASE_NOT_FOUND", "BAD_CREDENTIALS");
      DrdProcess.Result list = run("backup", "list", "--target", "ledger", "--json");
      assertThat(list.exitCode()).as(list.err()).isZero();

      daemon.sigterm();
      assertThat(daemon.waitFor(Duration.ofMinutes(1))).as(daemon.stderr()).isZero();
      scanned.add(new Scanned("daemon: stdout", daemon.stdout()));
      scanned.add(new Scanned("daemon: stderr", daemon.stderr()));
      assertThat(daemon.stderr()).contains("dumped ledger", "no_such_db", "wrongpw");

      List<Scanned> histories = histories();
      scanned.addAll(histories);
      assertThat(histories)
          .extracting(Scanned::where)
          .as("the histories of every workflow the CLI started")
          .containsAll(workflowIds);
      assertThat(histories.stream().map(Scanned::text))
          .as("histories searched with their payloads decoded")
          .anySatisfy(h -> assertThat(h).contains(backup.get("sha256").asText()))
          .anySatisfy(h -> assertThat(h).contains("BAD_CREDENTIALS", "drd_password"));
    }

    assertThat(scanned.stream().flatMap(NoSecretsIT::leaks)).as("secrets found").isEmpty();
  }

  private static String target(String name, String database, String passwordEnv) {
    TestPostgres pg = daemons.pg();
    return TestConfigs.target(name, pg.host(), pg.port(), database, "passwordEnv: " + passwordEnv)
        .replace("user: postgres", "user: " + TestPostgres.PASSWORD_ROLE);
  }

  /** Runs a command with the setup's config and keeps its output to search. */
  private DrdProcess.Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--config", setup.file().toString()));
    DrdProcess.Result result =
        DrdProcess.run(work, Duration.ofMinutes(2), command.toArray(String[]::new));
    String name = String.join(" ", args);
    scanned.add(new Scanned(name + ": stdout", result.out()));
    scanned.add(new Scanned(name + ": stderr", result.err()));
    return result;
  }

  /** Runs a runbook with {@code --wait --json} to the exit code expected; returns its JSON. */
  private JsonNode await(int exitCode, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--wait", "--json"));
    DrdProcess.Result result = run(command.toArray(String[]::new));
    assertThat(result.exitCode())
        .as(String.join(" ", args) + "\n" + result.err())
        .isEqualTo(exitCode);
    JsonNode json = JSON.readTree(result.out());
    workflowIds.add(json.get("workflowId").asText());
    return json;
  }

  /**
   * Every execution the server holds, open or closed, as protobuf text: unlike {@code toJson}, it
   * shows payloads (inputs, results, heartbeat details) as their bytes, not as base64, so an ASCII
   * secret in one shows as itself.
   */
  private static List<Scanned> histories() {
    WorkflowServiceBlockingStub stub = daemons.temporal().stubs().blockingStub();
    List<WorkflowExecutionInfo> executions = new ArrayList<>();
    executions.addAll(
        stub.listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace("default").build())
            .getExecutionsList());
    executions.addAll(
        stub.listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace("default").build())
            .getExecutionsList());
    return executions.stream()
        .map(WorkflowExecutionInfo::getExecution)
        .map(e ->
            new Scanned(
                e.getWorkflowId(),
                daemons
                    .temporal()
                    .client()
                    .fetchHistory(e.getWorkflowId(), e.getRunId())
                    .toProtoText(true)))
        .toList();
  }

  /** Each secret in the text, with where it is and some context. */
  private static Stream<String> leaks(Scanned scanned) {
    return SECRETS.stream()
        .filter(secret -> scanned.text().contains(secret))
        .map(secret -> {
          int at = scanned.text().indexOf(secret);
          return "%s: ...%s..."
              .formatted(
                  scanned.where(),
                  scanned
                      .text()
                      .substring(
                          Math.max(0, at - 200),
                          Math.min(scanned.text().length(), at + secret.length() + 200)));
        });
  }
}
