package dev.drd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Runbook files for the command-line tests: a failover to west, a recovery from the latest. */
public final class TestRunbooks {
  private TestRunbooks() {}

  /** A failover from {@code region} to west: promote new-primary, fence old-primary. */
  public static Path failover(Path file, String region) {
    return write(
        file,
        """
        from: %s
        to: west
        database: { promote: new-primary, fence: old-primary }
        approval: { required: true, timeout: 10m }
        scaleDown: { workloads: [ { namespace: shop, name: api } ] }
        dns: { provider: route53, zone: example.com., record: db.example.com., value: west.example.com., route53: { hostedZoneId: Z1 } }
        scaleUp: { workloads: [ { namespace: shop, name: api, replicas: 2 } ] }
        postChecks: { sqlWrite: false }
        """
            .formatted(region));
  }

  /** A recovery of {@code target} from its latest backup, stopping Deployments of shop. */
  public static Path recovery(Path file, String target, String... workloads) {
    String listed =
        Arrays.stream(workloads)
            .map(w -> "    - { namespace: shop, name: %s }\n".formatted(w))
            .collect(Collectors.joining());
    return write(
        file,
        """
        target: %s
        backup: latest
        approval: { required: true, timeout: 10m }
        services:
          timeout: 1m
          workloads:
        %s\
        sessions: { timeout: 30s }
        postChecks: { sqlWrite: true }
        """
            .formatted(target, listed));
  }

  private static Path write(Path file, String yaml) {
    try {
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
