package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.testing.DrdProcess;
import dev.drd.testing.Poll;
import dev.drd.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try it", line by line as a newcomer types it in a second terminal while {@code
 * bin/drd serve --dev} runs: every command must end with the exit code the README gives it (0
 * unless its comment says "(exit N)"). Then dev mode is stopped with a recovery waiting for
 * approval, and must say that it is lost.
 */
class ReadmeTryItIT {
  private static final Pattern EXIT = Pattern.compile("\\(exit (\\d)\\)");
  private static final Duration STARTUP = Duration.ofMinutes(2);
  private static final Duration COMMAND = Duration.ofMinutes(3);

  @TempDir Path work;

  record Line(String command, int exitCode) {}

  @Test
  void everyCommandOfTryItDoesWhatTheReadmeSays() throws Exception {
    List<Line> lines = tryIt(Files.readString(Path.of("README.md")));
    assertThat(lines).as("the README's Try it block").hasSizeGreaterThan(10);
    // the README's relative paths (runbooks/…) resolve here as in the checkout
    Files.createSymbolicLink(work.resolve("runbooks"), Path.of("runbooks").toAbsolutePath());
    TestFiles.deleteRecursively(Path.of("/tmp/sandbox-pitr"));

    List<String> wrong = new ArrayList<>();
    try (DrdProcess serve =
        DrdProcess.start(
            work,
            Map.of("DRD_DEV_BACKUP_SCHEDULE", "0 0 1 1 *"),
            "serve",
            "--dev",
            "--state-dir",
            work.resolve("var").toString())) {
      serve.awaitLog("drd dev mode is up", STARTUP);
      for (Line line : lines) {
        Run run = run(line.command());
        if (run.exitCode() != line.exitCode()) {
          wrong.add(
              "%s → exit %d, the README says %d%n%s%s"
                  .formatted(
                      line.command(), run.exitCode(), line.exitCode(), run.out(), run.err()));
        }
      }
      assertThat(wrong).as("README commands that did not do what it says").isEmpty();

      DrdProcess.Result recover =
          DrdProcess.run(
              work, COMMAND, "recover", "start", "--runbook", "runbooks/recover-dev.yaml");
      assertThat(recover.exitCode()).as(recover.err()).isZero();
      AtomicReference<DrdProcess.Result> status = new AtomicReference<>();
      Poll.until(
          Duration.ofMinutes(1),
          () -> "the recovery waiting for a person: " + status.get(),
          () -> {
            status.set(
                DrdProcess.run(work, COMMAND, "recover", "status", "recover/sandbox", "--json"));
            return status.get().exitCode() == 3;
          });
      serve.sigterm();
      assertThat(serve.waitFor(Duration.ofMinutes(1))).as(serve.stderr()).isZero();
      assertThat(serve.stderr())
          .contains("dev mode stops with 1 runbook running or waiting")
          .contains("lost with dev mode's in-memory Temporal")
          .containsPattern("recover/sandbox \\(waiting for (approval|an operator)")
          .contains("--config");
    } finally {
      TestFiles.deleteRecursively(Path.of("/tmp/sandbox-pitr"));
    }
  }

  /** The commands of the first sh block under "## Try it", with the exit code each is given. */
  static List<Line> tryIt(String readme) {
    String section = readme.substring(readme.indexOf("## Try it"));
    String block = section.substring(section.indexOf("```sh") + 5);
    block = block.substring(0, block.indexOf("```"));
    List<Line> lines = new ArrayList<>();
    for (String raw : block.strip().split("\n")) {
      int hash = raw.indexOf(" #");
      String command = (hash < 0 ? raw : raw.substring(0, hash)).strip();
      Matcher exit = EXIT.matcher(hash < 0 ? "" : raw.substring(hash));
      if (!command.isEmpty()) {
        lines.add(new Line(command, exit.find() ? Integer.parseInt(exit.group(1)) : 0));
      }
    }
    return lines;
  }

  record Run(int exitCode, String out, String err) {}

  /** {@code bin/drd ARGS} runs the built jar; anything else (curl …) runs in bash. */
  private Run run(String command) throws IOException, InterruptedException {
    if (command.startsWith("bin/drd ")) {
      String[] args = command.substring("bin/drd ".length()).split("\\s+");
      DrdProcess.Result r = DrdProcess.run(work, COMMAND, args);
      return new Run(r.exitCode(), r.out(), r.err());
    }
    Process p =
        new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    return new Run(p.waitFor(), out, "");
  }

  @Test
  void theBlockIsReadAsAPersonReadsIt() {
    String readme =
        """
        ## Try it
        ```sh
        bin/drd version      # the version
        bin/drd cancel x     # this one has ended (exit 2)
        curl -s host | grep a
        ```
        """;
    assertThat(tryIt(readme))
        .containsExactly(
            new Line("bin/drd version", 0),
            new Line("bin/drd cancel x", 2),
            new Line("curl -s host | grep a", 0));
  }
}
