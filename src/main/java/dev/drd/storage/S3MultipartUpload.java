package dev.drd.storage;

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
 * Uploads a stream as S3 parts while it is written. Memory is bounded: {@value #IN_FLIGHT} parts
 * upload while one more fills, and a writer that outruns the network waits for a free buffer. Part
 * sizes double every 1,000 parts, so S3's 10,000-part limit allows objects of terabytes.
 */
final class S3MultipartUpload extends MultipartUpload {
  static final int IN_FLIGHT = 2;
  private static final int MAX_PARTS = 10_000;
  private static final int PARTS_PER_SIZE = 1_000;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final long basePartSize;
  private final ExecutorService uploaders;
  private final BlockingQueue<byte[]> freeBuffers = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
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

  S3MultipartUpload(S3Client s3, String bucket, String key, String uploadId, long basePartSize) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.basePartSize = basePartSize;
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
        buffer = takeBuffer(partSize(partNumber + 1));
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
    if (number > MAX_PARTS) {
      abort();
      throw new DrdException(
          FailureType.BACKUP_TOO_LARGE,
          "%s needs more than %d parts: raise storage.partSize".formatted(key, MAX_PARTS));
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

  private byte[] takeBuffer(int size) throws IOException {
    byte[] free = freeBuffers.poll();
    while (free == null) {
      if (allocatedBuffers < IN_FLIGHT + 1) {
        allocatedBuffers++;
        return new byte[size];
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
    return free.length >= size ? free : new byte[size];
  }

  private int partSize(int number) {
    int doublings = Math.min((number - 1) / PARTS_PER_SIZE, 9);
    return (int) Math.min(basePartSize << doublings, Integer.MAX_VALUE - 8);
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
