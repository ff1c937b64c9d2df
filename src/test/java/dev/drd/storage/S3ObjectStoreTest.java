package dev.drd.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.config.StorageConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.testing.Poll;
import dev.drd.testing.TestS3;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Against a real S3 API server (s3proxy). */
class S3ObjectStoreTest {
  private final StorageConfig config = TestS3.newBucket("");
  private final S3ObjectStore store = S3ObjectStore.create(config);

  private int incompleteUploads(String key) {
    try (S3Client s3 = TestS3.client()) {
      return (int)
          s3.listMultipartUploads(r -> r.bucket(config.bucket()).prefix(key)).uploads().stream()
              .filter(u -> u.key().equals(key))
              .count();
    }
  }

  @Test
  void aStreamOfManyPartsArrivesWhole() throws Exception {
    byte[] data = new byte[23 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    try (MultipartUpload upload = store.startUpload("a/big.bin", "application/octet-stream")) {
      for (int off = 0; off < data.length; off += 100_000) {
        upload.write(data, off, Math.min(100_000, data.length - off));
      }
      assertThat(upload.complete()).isEqualTo(data.length);
      assertThat(upload.bytesUploaded()).isEqualTo(data.length);
    }
    try (InputStream in = store.open("a/big.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(store.stat("a/big.bin"))
        .get()
        .extracting(ObjectInfo::size)
        .isEqualTo((long) data.length);
    assertThat(incompleteUploads("a/big.bin")).isZero();
  }

  /**
   * Issue 15, part 3: parts used to double every 1,000 parts, three of them held at once. With a
   * tiny part fixed by the plan, 2,500 parts (past two of the old doubling points) go up, every one
   * of the planned size, while the upload never holds more than its three buffers. (S3 completes
   * only parts of 5 MiB and more, so this upload is aborted once its parts are in.)
   */
  @Test
  void thePartSizeStaysTheOnePlannedAndThreeBuffersAreEverHeld() throws Exception {
    int part = 4096;
    int parts = 2_500;
    byte[] data = new byte[parts * part];
    new Random(15).nextBytes(data);
    PartPlan plan = new PartPlan(part, data.length);
    S3MultipartUpload upload =
        (S3MultipartUpload) store.startUpload("tiny/parts.bin", "application/octet-stream", plan);
    try (upload) {
      for (int off = 0; off < data.length; off += 10_000) {
        upload.write(data, off, Math.min(10_000, data.length - off));
        assertThat(upload.bufferBytes()).isLessThanOrEqualTo(plan.memoryBytes());
      }
      Poll.until(
          java.time.Duration.ofSeconds(60),
          () -> upload.bytesUploaded() + " uploaded",
          () -> upload.bytesUploaded() == data.length);
      assertThat(upload.bufferBytes()).isEqualTo(3L * part);
      try (S3Client s3 = TestS3.client()) {
        var listed =
            s3
                .listPartsPaginator(r ->
                    r.bucket(config.bucket()).key("tiny/parts.bin").uploadId(upload.uploadId()))
                .parts()
                .stream()
                .toList();
        assertThat(listed).hasSize(parts);
        assertThat(listed).allSatisfy(p -> assertThat(p.size()).isEqualTo(part));
      }
    }
    assertThat(incompleteUploads("tiny/parts.bin")).isZero();
  }

  @Test
  void anEmptyStreamIsAnEmptyObject() throws Exception {
    try (MultipartUpload upload = store.startUpload("empty", "application/octet-stream")) {
      assertThat(upload.complete()).isZero();
    }
    assertThat(store.read("empty")).isEmpty();
  }

  @Test
  void anUploadClosedWithoutCompletingLeavesNothing() throws Exception {
    try (MultipartUpload upload = store.startUpload("half", "application/octet-stream")) {
      upload.write(new byte[6 * 1024 * 1024]);
    }
    assertThat(store.stat("half")).isEmpty();
    assertThat(incompleteUploads("half")).isZero();
  }

  @Test
  void incompleteUploadsOfAKeyAreFoundAndAborted() {
    MultipartUpload first = store.startUpload("k/dump", "application/octet-stream");
    store.startUpload("k/dump", "application/octet-stream");
    store.startUpload("k/dump-other", "application/octet-stream");
    assertThat(incompleteUploads("k/dump")).isEqualTo(2);

    store.abortUpload("k/dump", first.uploadId());
    assertThat(incompleteUploads("k/dump")).isEqualTo(1);
    assertThat(store.abortIncompleteUploads("k/dump")).isEqualTo(1);
    assertThat(incompleteUploads("k/dump")).isZero();
    assertThat(incompleteUploads("k/dump-other")).isEqualTo(1);
  }

  @Test
  void smallObjectsListStatAndDelete() {
    store.put("t/2026/a.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    store.put("t/2026/b.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json");
    store.put("u/c.json", "1".getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(store.list("t/"))
        .extracting(ObjectInfo::key)
        .containsExactly("t/2026/a.json", "t/2026/b.json");
    store.delete("t/2026/a.json");
    assertThat(store.stat("t/2026/a.json")).isEmpty();
    store.delete("t/2026/never-there.json");
  }

  @Test
  void failuresCarryTheirType() {
    DrdException missing =
        catchThrowableOfType(DrdException.class, () -> store.read("no/such/key"));
    assertThat(missing.type()).isEqualTo(FailureType.STORAGE_OBJECT_MISSING);

    StorageConfig noBucket =
        new StorageConfig(
            "drd-no-such-bucket",
            "",
            "us-east-1",
            config.endpoint(),
            true,
            config.accessKeyId(),
            config.secretAccessKey(),
            config.partSize());
    try (S3ObjectStore elsewhere = S3ObjectStore.create(noBucket)) {
      DrdException bucket = catchThrowableOfType(DrdException.class, () -> elsewhere.list(""));
      assertThat(bucket.type()).isEqualTo(FailureType.STORAGE_BUCKET_MISSING);
      assertThat(bucket.getMessage()).contains("drd-no-such-bucket");
    }

    StorageConfig wrongKey =
        new StorageConfig(
            config.bucket(),
            "",
            "us-east-1",
            config.endpoint(),
            true,
            config.accessKeyId(),
            "wrong-secret",
            config.partSize());
    try (S3ObjectStore denied = S3ObjectStore.create(wrongKey)) {
      DrdException e = catchThrowableOfType(DrdException.class, () -> denied.list(""));
      assertThat(e.type()).isEqualTo(FailureType.STORAGE_ACCESS_DENIED);
    }
  }
}
