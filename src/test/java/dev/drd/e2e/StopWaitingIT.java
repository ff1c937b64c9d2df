package dev.drd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.testing.DrdProcess;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code --wait}: the command ends 130 and says the runbook goes on and how to follow it.
 * No worker polls the queue here, so the backup stays running for as long as the test looks.
 */
class StopWaitingIT {
  @TempDir Path work;

  @Test
  void ctrlCOnWaitEndsTheCommandNotTheRunbookAndSaysHowToFollowIt() throws Exception {
    Path config =
        TestConfigs.write(
            work.resolve("config"),
            TestConfigs.yaml(
                TestTemporal.target(),
                "stop-waiting-nobody",
                TestS3.newBucket(""),
                TestConfigs.target("waited", "127.0.0.1", 1, "db", ""),
                ""));
    try (DrdProcess waiting =
        DrdProcess.start(
            work.resolve("cli"),
            Map.of(),
            "backup",
            "run",
            "--target",
            "waited",
            "--wait",
            "--config",
            config.toString())) {
      waiting.awaitLog("started backup", Duration.ofSeconds(30));

      waiting.interrupt();

      assertThat(waiting.waitFor(Duration.ofSeconds(30))).as(waiting.stderr()).isEqualTo(130);
      assertThat(waiting.stderr())
          .contains(
              "stopped waiting; backup/waited/manual goes on in the daemon",
              "drd status backup/waited/manual");
    }
  }
}
