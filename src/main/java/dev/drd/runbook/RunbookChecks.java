package dev.drd.runbook;

import dev.drd.cluster.WorkloadKind;
import dev.drd.config.DrdConfig;
import dev.drd.config.Problems;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Checks of what runbook files share (targets, workloads, post-checks, timeouts), each adding a
 * problem named by its key, so that a loader reports every problem at once.
 */
public final class RunbookChecks {
  private RunbookChecks() {}

  public static void knownTarget(DrdConfig config, String name, String key, List<String> problems) {
    if (name == null) {
      problems.add(Problems.missing(key, "name a target of the config"));
    } else if (config.target(name).isEmpty()) {
      problems.add(
          "%s: there is no target named '%s' in the config; it knows: %s"
              .formatted(key, name, String.join(", ", config.targetNames())));
    }
  }

  public static void scale(ScaleStep step, String key, List<String> problems) {
    positive(step.timeout(), key + ".timeout", problems);
    for (int i = 0; i < step.workloads().size(); i++) {
      ScaledWorkload w = step.workloads().get(i);
      String at = "%s.workloads[%d]".formatted(key, i);
      if (w.namespace() == null || w.namespace().isBlank()) {
        problems.add(Problems.missing(at + ".namespace"));
      }
      if (w.name() == null || w.name().isBlank()) {
        problems.add(Problems.missing(at + ".name"));
      }
      if (!WorkloadKind.names().contains(w.kind())) {
        problems.add(
            "%s.kind: '%s' is not one of %s".formatted(at, w.kind(), WorkloadKind.names()));
      }
      if (w.replicas() < 0) {
        problems.add(at + ".replicas: cannot be negative");
      }
    }
  }

  public static void postChecks(PostChecks checks, List<String> problems) {
    for (int i = 0; i < checks.http().size(); i++) {
      HttpCheck check = checks.http().get(i);
      String key = "postChecks.http[%d]".formatted(i);
      URI url = check.url();
      if (url == null || url.getScheme() == null || !url.getScheme().matches("https?")) {
        problems.add(key + ".url: must be an http(s) URL");
      }
      positive(check.timeout(), key + ".timeout", problems);
    }
  }

  public static void positive(Duration d, String key, List<String> problems) {
    if (d != null && (d.isNegative() || d.isZero())) {
      problems.add(key + ": must be longer than zero");
    }
  }
}
