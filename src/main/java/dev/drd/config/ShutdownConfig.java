package dev.drd.config;

import java.time.Duration;

/**
 * @param gracefulTimeout how long running activities may go on after SIGTERM; Kubernetes'
 *     terminationGracePeriodSeconds must be longer
 */
public record ShutdownConfig(Duration gracefulTimeout) {
  public ShutdownConfig {
    gracefulTimeout = gracefulTimeout != null ? gracefulTimeout : Duration.ofMinutes(5);
  }
}
