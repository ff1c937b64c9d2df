package dev.drd.runbook;

import java.time.Duration;
import java.util.List;

/** Workloads to scale, and how long to wait for them. */
public record ScaleStep(Duration timeout, List<ScaledWorkload> workloads) {
  public ScaleStep {
    timeout = timeout != null ? timeout : Duration.ofMinutes(5);
    workloads = workloads != null ? List.copyOf(workloads) : List.of();
  }
}
