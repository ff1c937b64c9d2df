package dev.drd.storage;

import dev.drd.aws.AwsCredentials;
import dev.drd.config.StorageConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The object store on any S3 API: AWS S3, MinIO, s3proxy. */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private final S3Client s3;
  private final String bucket;
  private final long partSize;

  S3ObjectStore(S3Client s3, String bucket, long partSize) {
    this.s3 = s3;
    this.bucket = bucket;
    this.partSize = partSize;
  }

  public static S3ObjectStore create(StorageConfig config) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyle())
            .credentialsProvider(
                AwsCredentials.provider(config.accessKeyId(), config.secretAccessKey()))
            // S3-compatible stores do not all speak the newer flexible checksums; the dump's
            // SHA-256 in the manifest is drd's integrity check.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(16)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return new S3ObjectStore(builder.build(), config.bucket(), config.partSize().bytes());
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public PartPlan planUpload(long expectedBytes) {
    return PartPlan.forExpected(expectedBytes, partSize);
  }

  @Override
  public dev.drd.storage.MultipartUpload startUpload(
      String key, String contentType, PartPlan plan) {
    String uploadId =
        call(
                "start an upload of " + key,
                () ->
                    s3.createMultipartUpload(
                        r -> r.bucket(bucket).key(key).contentType(contentType)))
            .uploadId();
    return new S3MultipartUpload(s3, bucket, key, uploadId, plan);
  }

  @Override
  public void abortUpload(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw StorageFailures.classify(e, bucket, "abort upload " + uploadId + " of " + key);
      }
    }
  }

  @Override
  public int abortIncompleteUploads(String key) {
    List<MultipartUpload> uploads =
        call(
                "list incomplete uploads of " + key,
                () -> s3.listMultipartUploads(r -> r.bucket(bucket).prefix(key)))
            .uploads();
    int aborted = 0;
    for (MultipartUpload upload : uploads) {
      if (upload.key().equals(key)) {
        abortUpload(key, upload.uploadId());
        aborted++;
      }
    }
    return aborted;
  }

  @Override
  public List<PendingUpload> pendingUploads(String prefix) {
    return call(
        "list incomplete uploads under " + prefix,
        () ->
            s3
                .listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))
                .uploads()
                .stream()
                .map(u -> new PendingUpload(u.key(), u.uploadId(), u.initiated()))
                .toList());
  }

  @Override
  public void put(String key, byte[] content, String contentType, Map<String, String> metadata) {
    call(
        "write " + key,
        () ->
            s3.putObject(
                r -> r.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                RequestBody.fromBytes(content)));
  }

  @Override
  public Optional<Map<String, String>> metadata(String key) {
    return head(key).map(HeadObjectResponse::metadata);
  }

  @Override
  public byte[] read(String key) {
    return call("read " + key, () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)))
        .asByteArray();
  }

  @Override
  public InputStream open(String key) {
    return new AbortOnEarlyClose(
        call("read " + key, () -> s3.getObject(r -> r.bucket(bucket).key(key))));
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return head(key).map(h -> new ObjectInfo(key, h.contentLength(), h.lastModified()));
  }

  private Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(StorageFailures.errorCode(e))) {
        return Optional.empty();
      }
      throw StorageFailures.classify(e, bucket, "look up " + key);
    } catch (SdkException e) {
      throw StorageFailures.classify(e, bucket, "look up " + key);
    }
  }

  @Override
  public List<ObjectInfo> listAfter(String prefix, String startAfter) {
    return call(
        "list " + prefix,
        () ->
            s3
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).startAfter(startAfter))
                .contents()
                .stream()
                .map(o -> new ObjectInfo(o.key(), o.size(), o.lastModified()))
                .toList());
  }

  @Override
  public void checkAccess(String prefix) {
    call("list " + prefix, () -> s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1)));
  }

  @Override
  public void delete(String key) {
    call("delete " + key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
  }

  @Override
  public void createBucketIfMissing() {
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw StorageFailures.classify(e, bucket, "look up the bucket");
      }
      call("create the bucket", () -> s3.createBucket(r -> r.bucket(bucket)));
    } catch (SdkException e) {
      throw StorageFailures.classify(e, bucket, "look up the bucket");
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private <T> T call(String action, Supplier<T> request) {
    try {
      return request.get();
    } catch (NoSuchKeyException e) {
      throw new DrdException(
          FailureType.STORAGE_OBJECT_MISSING,
          "%s: no such object in bucket %s".formatted(action, bucket),
          e);
    } catch (SdkException e) {
      throw StorageFailures.classify(e, bucket, action);
    }
  }
}
