package dev.drd.dns;

import java.net.URI;

/**
 * Where drd finds the Route 53 hosted zone it switches. Without access keys the AWS default
 * credential chain applies (environment, web identity, instance profile).
 *
 * @param hostedZoneId the zone's id, e.g. {@code Z0123456789ABC} (a {@code /hostedzone/} prefix is
 *     accepted)
 * @param endpoint another Route 53 API endpoint, or null for AWS
 * @param region null for {@code aws-global}: Route 53 is global, its API signs for us-east-1
 */
public record Route53Settings(
    String hostedZoneId, URI endpoint, String region, String accessKeyId, String secretAccessKey) {

  public Route53Settings {
    if (hostedZoneId == null || hostedZoneId.isBlank()) {
      throw new IllegalArgumentException("a Route 53 hosted zone id is required");
    }
    hostedZoneId = hostedZoneId.replaceFirst("^/?hostedzone/", "");
    region = region != null ? region : "aws-global";
  }

  @Override
  public String toString() {
    return "Route53Settings[hostedZoneId=%s, endpoint=%s, region=%s, keys=%s]"
        .formatted(hostedZoneId, endpoint, region, accessKeyId == null ? "default chain" : "***");
  }
}
