package dev.drd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.temporal.DrdWorkerInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogSetupTest {
  private static final Logger log = LoggerFactory.getLogger("dev.drd.backup.BackupActivitiesImpl");
  private final PrintStream stderr = System.err;

  @AfterEach
  void textAgain() {
    System.setErr(stderr);
    LogSetup.useJson(false);
    MDC.clear();
  }

  /** What the STDERR appender writes while {@code log} runs; it writes to System.err as it is. */
  private static List<String> stderrLines(Runnable log) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      log.run();
    } finally {
      System.setErr(original);
    }
    List<String> lines = new ArrayList<>();
    captured.toString(StandardCharsets.UTF_8).lines().forEach(lines::add);
    return lines;
  }

  @Test
  void jsonIsOneObjectALineWithTheRunbookAndTheStackTrace() throws Exception {
    LogSetup.useJson(true);
    List<String> lines =
        stderrLines(() -> {
          MDC.put(DrdWorkerInterceptor.MDC_WORKFLOW_ID, "backup/orders/manual");
          MDC.put(DrdWorkerInterceptor.MDC_TARGET, "orders");
          log.warn("upload of part {} failed, \"retrying\"", 3, new IllegalStateException("slow"));
          MDC.clear();
          log.info("outside a runbook");
        });

    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode warn = mapper.readTree(lines.get(0));
    assertThat(warn.get("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(warn.get("level").asText()).isEqualTo("WARN");
    assertThat(warn.get("logger").asText()).isEqualTo("dev.drd.backup.BackupActivitiesImpl");
    assertThat(warn.get("message").asText()).isEqualTo("upload of part 3 failed, \"retrying\"");
    assertThat(warn.get("workflowId").asText()).isEqualTo("backup/orders/manual");
    assertThat(warn.get("target").asText()).isEqualTo("orders");
    assertThat(warn.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: slow")
        .contains("at dev.drd.logging.LogSetupTest");
    JsonNode info = mapper.readTree(lines.get(1));
    assertThat(info.get("message").asText()).isEqualTo("outside a runbook");
    assertThat(info.has("workflowId")).isFalse();
    assertThat(info.has("exception")).isFalse();
  }

  @Test
  void textIsTheDefaultAndComesBack() {
    LogSetup.useJson(true);
    LogSetup.useJson(false);
    List<String> lines = stderrLines(() -> log.info("plain"));
    assertThat(lines).singleElement().asString().endsWith("INFO  BackupActivitiesImpl - plain");
  }
}
