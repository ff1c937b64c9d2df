package dev.drd.storage;

import dev.drd.config.DataSize;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads a stream as S3 parts while it is written. Memory is bounded by the {@link PartPlan},
 * fixed before the first byte: {@value #IN_FLIGHT} parts upload while one more fills, every part
 * the plan's size, and a writer that outruns the network waits for a free buffer.
 */
final class S3MultipartUpload extends MultipartUpload {
  static final int IN_FLIGHT = 2;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final PartPlan plan;
  private final ExecutorService uploaders;
  private final BlockingQueue<byte[]> freeBuffers = new ArrayBlockingQueue<>(PartPlan.BUFFERS);
  private final ConcurrentSkipListMap<Integer, CompletedPart> parts = new ConcurrentSkipListMap<>();
  private final List<Future<?>> pending = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong uploaded = new AtomicLong();
  private int allocatedBuffers;
  private byte[] buffer;
  private int filled;
  private int partNumber;
  private long written;
  private boolean finished;

  S3MultipartUpload(S3Client s3, String bucket, String key, String uploadId, PartPlan plan) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.plan = plan;
    this.uploaders =
        Executors.newFixedThreadPool(
            IN_FLIGHT, Thread.ofPlatform().daemon().name("s3-part-upload-", 0).factory());
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String uploadId() {
    return uploadId;
  }

  @Override
  public long bytesWritten() {
    return written;
  }

  @Override
  public long bytesUploaded() {
    return uploaded.get();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureWritable();
    while (len > 0) {
      if (buffer == null) {
        buffer = takeBuffer();
      }
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      written += n;
      if (filled == buffer.length) {
        submitPart();
      }
    }
  }

  @Override
  public long complete() throws IOException {
    ensureWritable();
    if (filled > 0 || partNumber == 0) {
      if (buffer == null) {
        buffer = new byte[0];
      }
      submitPart();
    }
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        throw new InterruptedIOException(
            "interrupted while the last parts of " + key + " uploaded");
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause());
      }
    }
    rethrowFailure();
    try {
      s3.completeMultipartUpload(r ->
          r.bucket(bucket)
              .key(key)
              .uploadId(uploadId)
              .multipartUpload(m -> m.parts(new ArrayList<>(parts.values()))));
      long size = s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
      if (size != written) {
        throw new DrdException(
            FailureType.STORAGE_FAILED,
            "the S3 API stored %d bytes of %s, but %d were written".formatted(size, key, written));
      }
      finished = true;
      return size;
    } catch (SdkException e) {
      abort();
      throw StorageFailures.classify(e, bucket, "complete the upload of " + key);
    } finally {
      uploaders.shutdownNow();
    }
  }

  @Override
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    uploaders.shutdownNow();
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // the next attempt aborts every incomplete upload of this key
    }
  }

  @Override
  public void close() {
    abort();
  }

  private void submitPart() throws IOException {
    rethrowFailure();
    int number = ++partNumber;
    if (number > PartPlan.MAX_PARTS) {
      abort();
      throw new DrdException(
          FailureType.BACKUP_TOO_LARGE,
          ("%s outgrew its upload: %d parts of %s hold %s, planned for about %s. Raise"
                  + " storage.partSize (memory: %d × the part size per dump) and back up again")
              .formatted(
                  key,
                  PartPlan.MAX_PARTS,
                  DataSize.format(plan.partSize()),
                  DataSize.format(plan.capacityBytes()),
                  DataSize.format(plan.expectedBytes()),
                  PartPlan.BUFFERS));
    }
    byte[] data = buffer;
    int length = filled;
    buffer = null;
    filled = 0;
    pending.removeIf(Future::isDone);
    pending.add(uploaders.submit(() -> uploadPart(number, data, length)));
  }

  private void uploadPart(int number, byte[] data, int length) {
    try {
      String etag =
          s3.uploadPart(
                  r ->
                      r.bucket(bucket)
                          .key(key)
                          .uploadId(uploadId)
                          .partNumber(number)
                          .contentLength((long) length),
                  RequestBody.fromContentProvider(
                      () -> new ByteArrayInputStream(data, 0, length),
                      length,
                      "application/octet-stream"))
              .eTag();
      parts.put(number, CompletedPart.builder().partNumber(number).eTag(etag).build());
      uploaded.addAndGet(length);
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    } finally {
      if (data.length > 0) {
        freeBuffers.offer(data);
      }
    }
  }

  private byte[] takeBuffer() throws IOException {
    byte[] free = freeBuffers.poll();
    while (free == null) {
      if (allocatedBuffers < PartPlan.BUFFERS) {
        allocatedBuffers++;
        return new byte[(int) plan.partSize()];
      }
      rethrowFailure();
      try {
        free = freeBuffers.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        throw new InterruptedIOException(
            "interrupted while waiting for S3 to take a part of " + key);
      }
    }
    return free;
  }

  /** The bytes of the buffers this upload allocated: at most the plan's memory. */
  long bufferBytes() {
    return allocatedBuffers * plan.partSize();
  }

  private void ensureWritable() throws IOException {
    if (finished) {
      throw new IOException("the upload of " + key + " is already finished or aborted");
    }
    rethrowFailure();
  }

  private void rethrowFailure() throws IOException {
    Throwable t = failure.get();
    if (t == null) {
      return;
    }
    abort();
    if (t instanceof SdkException e) {
      throw StorageFailures.classify(e, bucket, "upload a part of " + key);
    }
    throw new IOException("uploading a part of " + key + " failed: " + t, t);
  }
}
