package dev.drd.storage;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns S3 errors into failures that say what failed and what to do next. */
final class StorageFailures {
  private StorageFailures() {}

  static DrdException classify(SdkException e, String bucket, String action) {
    if (e instanceof NoSuchBucketException
        || e instanceof S3Exception s3 && "NoSuchBucket".equals(errorCode(s3))) {
      return new DrdException(
          FailureType.STORAGE_BUCKET_MISSING,
          "bucket %s does not exist (while trying to %s): create it or fix storage.bucket"
              .formatted(bucket, action),
          e);
    }
    if (e instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 401)) {
      return new DrdException(
          FailureType.STORAGE_ACCESS_DENIED,
          ("the S3 API denied access to bucket %s (while trying to %s): %s. Check the credentials"
                  + " and the bucket policy")
              .formatted(bucket, action, errorCode(s3)),
          e);
    }
    return new DrdException(
        FailureType.STORAGE_FAILED,
        "S3 request failed (while trying to %s in bucket %s): %s. Check that the S3 API (storage.endpoint, or AWS) is reachable from the daemon"
            .formatted(action, bucket, e.getMessage()),
        e);
  }

  static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
  }
}
