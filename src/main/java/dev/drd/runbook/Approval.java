package dev.drd.runbook;

import java.time.Duration;

/** Whether a person must approve the plan before anything changes, and how long drd waits. */
public record Approval(Boolean required, Duration timeout) {
  public Approval {
    required = required != null ? required : true;
    timeout = timeout != null ? timeout : Duration.ofMinutes(30);
  }
}
