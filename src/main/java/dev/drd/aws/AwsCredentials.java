package dev.drd.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The credentials of drd's AWS clients (S3, Route 53). */
public final class AwsCredentials {
  private AwsCredentials() {}

  /**
   * The configured access key, or the AWS default chain (environment, web identity, instance
   * profile) when there is none.
   */
  public static AwsCredentialsProvider provider(String accessKeyId, String secretAccessKey) {
    if (accessKeyId != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
