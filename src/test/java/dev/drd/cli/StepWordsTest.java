package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.workflow.WorkflowInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every step a runbook can report has words of its own; Temporal's type names stay for JSON. */
class StepWordsTest {

  @Test
  void everyActivityAndWorkflowTypeHasItsOwnWords() throws Exception {
    List<String> types = new ArrayList<>();
    for (Class<?> type : drdClasses()) {
      if (type.isAnnotationPresent(ActivityInterface.class)) {
        POJOActivityInterfaceMetadata.newInstance(type).getMethodsMetadata().stream()
            .map(POJOActivityMethodMetadata::getActivityTypeName)
            .forEach(types::add);
      }
      if (type.isAnnotationPresent(WorkflowInterface.class)) {
        POJOWorkflowInterfaceMetadata.newInstance(type)
            .getWorkflowMethod()
            .ifPresent(method -> types.add(method.getName()));
      }
    }

    assertThat(types).contains("BackupDump", "RestoreRestore", "DrillDropScratch", "Stream");
    assertThat(types).allSatisfy(type -> assertThat(StepWords.known(type)).as(type).isTrue());
  }

  @Test
  void stepsAreSaidInPeoplesWords() {
    assertThat(StepWords.of("BackupDump")).isEqualTo("dumping and uploading");
    assertThat(StepWords.of("RestoreRestore")).isEqualTo("restoring");
    assertThat(StepWords.of("RestoreVerify")).isEqualTo("verifying the restored database");
    assertThat(StepWords.of("DrillDropScratch")).isEqualTo("dropping the scratch database");
    assertThat(StepWords.of("BackupApplyRetention")).isEqualTo("applying retention");
  }

  @Test
  void anUnknownStepIsSaidAsWordsNotAsATypeName() {
    assertThat(StepWords.of("ArchiveSendWALSegment")).isEqualTo("archive send wal segment");
    assertThat(StepWords.known("ArchiveSendWALSegment")).isFalse();
  }

  @Test
  void aProgressLineSaysTheStepInWordsAndJsonKeepsTheTypeName() {
    DescribeWorkflowExecutionResponse description =
        DescribeWorkflowExecutionResponse.newBuilder()
            .addPendingActivities(
                PendingActivityInfo.newBuilder()
                    .setActivityType(ActivityType.newBuilder().setName("DrillDropScratch"))
                    .setAttempt(2))
            .addPendingChildren(
                PendingChildExecutionInfo.newBuilder()
                    .setWorkflowTypeName("RestoreWorkflow")
                    .setWorkflowId("drill/orders/manual/restore"))
            .build();

    List<WorkflowWatch.Step> steps = WorkflowWatch.steps(description);

    assertThat(steps)
        .extracting(WorkflowWatch.Step::describe)
        .containsExactly(
            "dropping the scratch database (attempt 2)",
            "restoring: drd status drill/orders/manual/restore shows its progress");
    assertThat(Json.MAPPER.valueToTree(steps.getFirst()).get("activity").asText())
        .isEqualTo("DrillDropScratch");
    assertThat(Json.MAPPER.valueToTree(steps.getFirst()).get("description").asText())
        .isEqualTo("dropping the scratch database");
  }

  private static List<Class<?>> drdClasses() throws Exception {
    Path root =
        Path.of(StepWords.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(file).toString().replace('/', '.').replace(".class", "");
        if (!name.contains("$")) {
          classes.add(Class.forName(name, false, StepWords.class.getClassLoader()));
        }
      }
    }
    return classes;
  }
}
