package dev.drd.drill;

import dev.drd.config.TargetConfig;
import dev.drd.temporal.RunbookLauncher;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.Optional;

/** Starts restore drills: {@code drill/<target>/<fire time>} or {@code drill/<target>/manual}. */
public final class DrillLauncher extends RunbookLauncher {
  private final String at;
  private final String backup;

  /** Drills as the target's config says: of the newest dump, or to its {@code drill.at}. */
  public DrillLauncher(WorkflowClient client, String taskQueue) {
    this(client, taskQueue, null, null);
  }

  /**
   * @param at latest, random or a time: point-in-time drills, whatever the config says; null: as it
   *     says
   * @param backup the dump to drill instead of the newest; null: the newest
   */
  public DrillLauncher(WorkflowClient client, String taskQueue, String at, String backup) {
    super(client, taskQueue, "drill");
    this.at = at;
    this.backup = backup;
  }

  @Override
  public Optional<String> schedule(TargetConfig target) {
    return Optional.ofNullable(target.drill().schedule());
  }

  @Override
  public String timezone(TargetConfig target) {
    return target.drill().timezone();
  }

  @Override
  protected WorkflowExecution start(
      WorkflowClient client, TargetConfig target, Instant fireTime, WorkflowOptions options) {
    RestoreDrillWorkflow workflow = client.newWorkflowStub(RestoreDrillWorkflow.class, options);
    return WorkflowClient.start(
        workflow::run,
        new DrillRequest(
            target.name(),
            fireTime,
            target.drillServer(),
            backup != null ? null : at != null ? at : target.drill().at(),
            backup));
  }
}
