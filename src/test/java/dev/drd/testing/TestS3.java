package dev.drd.testing;

import dev.drd.config.DataSize;
import dev.drd.config.StorageConfig;
import dev.drd.daemon.dev.S3ProxyServer;
import dev.drd.storage.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One real S3 API server (s3proxy on a temp folder) per test JVM, started on first use; each test
 * takes a bucket of its own.
 */
public final class TestS3 {
  public static final String ACCESS_KEY = "drd-test";
  public static final String SECRET_KEY = "drd-test-secret";
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyServer server;

  private TestS3() {}

  public static synchronized URI endpoint() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("drd-s3-");
        server = S3ProxyServer.start(dir, Ports.free(), ACCESS_KEY, SECRET_KEY);
        S3ProxyServer started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server.endpoint();
  }

  /** A config for a new, empty bucket. */
  public static StorageConfig newBucket(String prefix) {
    StorageConfig config =
        new StorageConfig(
            "drd-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet(),
            prefix,
            "us-east-1",
            endpoint(),
            true,
            ACCESS_KEY,
            SECRET_KEY,
            DataSize.ofMebibytes(5));
    try (S3ObjectStore store = S3ObjectStore.create(config)) {
      store.createBucketIfMissing();
    }
    return config;
  }

  /** A plain SDK client, for checks the store does not offer. */
  public static S3Client client() {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }
}
