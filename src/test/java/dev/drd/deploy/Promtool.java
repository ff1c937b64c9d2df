package dev.drd.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * Prometheus' promtool (Debian: apt-get install prometheus). Where it is missing, a test that needs
 * it is skipped, and fails in CI ($CI set), which installs it.
 */
final class Promtool {
  private Promtool() {}

  /** Runs {@code promtool ARGS} and asserts that it exits 0, with its output in the failure. */
  static void succeeds(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(path().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("promtool finished").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  private static Path path() {
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String missing = "promtool is not on the PATH (Debian: apt-get install prometheus)";
    if (System.getenv("CI") != null) {
      return fail(missing);
    }
    throw new TestAbortedException(missing);
  }
}
