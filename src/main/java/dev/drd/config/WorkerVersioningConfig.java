package dev.drd.config;

import java.util.List;

/**
 * Which release of drd this daemon is (Temporal's Worker Deployment Version: deployment name and
 * build id), reported to Temporal always, and whether Temporal routes runbooks by it.
 *
 * @param enabled with versioning on, a daemon runs only the runbooks of its own build, and new
 *     runbooks go to the build that {@code temporal worker deployment set-current-version} named;
 *     until someone runs it, a new build gets none. Off (the default), every daemon takes every
 *     task
 * @param buildId this release; the jar's version unless set ({@value #DEV_BUILD_ID} when drd runs
 *     from classes, not from its jar)
 * @param defaultBehavior what a runbook started on this build does when a newer build becomes
 *     current: {@code PINNED} stays on the build it started on until it ends, {@code AUTO_UPGRADE}
 *     moves to the current build at its next workflow task
 */
public record WorkerVersioningConfig(
    Boolean enabled, String deploymentName, String buildId, String defaultBehavior) {

  public static final List<String> BEHAVIORS = List.of("PINNED", "AUTO_UPGRADE");
  static final String DEV_BUILD_ID = "dev";

  public WorkerVersioningConfig {
    enabled = enabled != null && enabled;
    deploymentName = deploymentName != null ? deploymentName : "drd";
    buildId = buildId != null ? buildId : jarVersion();
    defaultBehavior = defaultBehavior != null ? defaultBehavior : "PINNED";
  }

  public static WorkerVersioningConfig defaults() {
    return new WorkerVersioningConfig(null, null, null, null);
  }

  private static String jarVersion() {
    String version = WorkerVersioningConfig.class.getPackage().getImplementationVersion();
    return version != null ? version : DEV_BUILD_ID;
  }
}
