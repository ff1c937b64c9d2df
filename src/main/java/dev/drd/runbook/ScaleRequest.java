package dev.drd.runbook;

import java.time.Duration;

/**
 * @param awaitReady wait (heartbeating) until the ready replicas reach the count
 * @param timeout how long the scaling may take
 */
public record ScaleRequest(
    ScaledWorkload workload, int replicas, boolean awaitReady, Duration timeout) {}
