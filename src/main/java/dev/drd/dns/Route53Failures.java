package dev.drd.dns;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns Route 53 errors into failures that say what failed and what to do next.
 *
 * <ul>
 *   <li>{@code DNS_ZONE_MISSING}: the hosted zone id names no zone.
 *   <li>{@code DNS_REFUSED}: Route 53 answered that it will not do this request, and asking again
 *       will not change that: denied credentials or permissions, or a change batch it rejects (a
 *       name outside the zone, a value that does not suit the type).
 *   <li>{@code DNS_UNREACHABLE}: no answer from the API at all (network, proxy, TLS, timeout).
 *   <li>{@code DNS_FAILED}: Route 53 answered but could not do it now: throttled, a prior change
 *       still being applied, or a server error. Retryable; the SDK already retried with backoff, so
 *       the activity's retry policy takes over.
 * </ul>
 */
final class Route53Failures {
  private static final Set<String> DENIED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "NotAuthorizedException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "MissingAuthenticationToken",
          "UnrecognizedClientException",
          "ExpiredToken");
  private static final Set<String> TRY_LATER = Set.of("PriorRequestNotComplete");

  private Route53Failures() {}

  static DrdException classify(SdkException e, String zoneId, String action) {
    if (e instanceof AwsServiceException aws) {
      return classifyAnswer(aws, zoneId, action);
    }
    if (e instanceof SdkClientException) {
      return new DrdException(
          FailureType.DNS_UNREACHABLE,
          ("could not reach the Route 53 API to %s in hosted zone %s: %s. Check that the daemon"
                  + " can reach route53.amazonaws.com (or the configured endpoint), and any proxy")
              .formatted(action, zoneId, e.getMessage()),
          e);
    }
    return failed(e, zoneId, action);
  }

  private static DrdException classifyAnswer(AwsServiceException e, String zoneId, String action) {
    String code = errorCode(e);
    if ("NoSuchHostedZone".equals(code)) {
      return new DrdException(
          FailureType.DNS_ZONE_MISSING,
          "Route 53 has no hosted zone %s (while trying to %s): fix the hosted zone id in the DNS config"
              .formatted(zoneId, action),
          e);
    }
    if (DENIED.contains(code) || e.statusCode() == 401 || e.statusCode() == 403) {
      return new DrdException(
          FailureType.DNS_REFUSED,
          ("Route 53 denied the request to %s in hosted zone %s (%s). Check the credentials and"
                  + " that they allow route53:ChangeResourceRecordSets, route53:GetChange and"
                  + " route53:ListResourceRecordSets on the zone")
              .formatted(action, zoneId, code),
          e);
    }
    if (e.isThrottlingException() || TRY_LATER.contains(code) || e.statusCode() >= 500) {
      return failed(e, zoneId, action);
    }
    return new DrdException(
        FailureType.DNS_REFUSED,
        ("Route 53 rejected the request to %s in hosted zone %s: %s. Check that the record name"
                + " lies inside the zone and that the value suits the record type")
            .formatted(action, zoneId, providerMessage(e)),
        e);
  }

  private static DrdException failed(SdkException e, String zoneId, String action) {
    return new DrdException(
        FailureType.DNS_FAILED,
        ("Route 53 could not %s in hosted zone %s just now: %s. drd retries; if this persists,"
                + " check the AWS Health Dashboard and the account's Route 53 request rate")
            .formatted(action, zoneId, e.getMessage()),
        e);
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
  }

  private static String providerMessage(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
        ? e.getMessage()
        : errorCode(e) + ": " + e.awsErrorDetails().errorMessage();
  }
}
