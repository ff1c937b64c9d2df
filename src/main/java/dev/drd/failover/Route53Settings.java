package dev.drd.failover;

import java.net.URI;

/**
 * Route 53: the hosted zone, and credentials as placeholders (or none, for the AWS default chain).
 *
 * @param endpoint only for tests and Route 53-compatible APIs
 */
public record Route53Settings(
    String hostedZoneId, String region, URI endpoint, String accessKeyId, String secretAccessKey) {

  @Override
  public String toString() {
    return "Route53Settings[hostedZoneId=%s, region=%s, endpoint=%s]"
        .formatted(hostedZoneId, region, endpoint);
  }
}
