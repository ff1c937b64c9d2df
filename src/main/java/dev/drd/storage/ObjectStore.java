package dev.drd.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where backups live: an S3 API bucket, keys relative to the bucket. */
public interface ObjectStore {

  /**
   * Starts a multipart upload of unknown length, in parts of the plan's size; nothing is visible
   * until it completes.
   */
  MultipartUpload startUpload(String key, String contentType, PartPlan plan);

  /** Uploads of small or unknown size: parts of {@code storage.partSize}. */
  default MultipartUpload startUpload(String key, String contentType) {
    return startUpload(key, contentType, planUpload(0));
  }

  /** The parts an upload of about this many bytes would use, and the memory they take. */
  PartPlan planUpload(long expectedBytes);

  /** Aborts one upload, e.g. one an earlier attempt left behind. */
  void abortUpload(String key, String uploadId);

  /** Aborts every incomplete upload of exactly this key; returns how many there were. */
  int abortIncompleteUploads(String key);

  /** Every incomplete upload of a key under the prefix, e.g. left by an S3 outage. */
  List<PendingUpload> pendingUploads(String prefix);

  default void put(String key, byte[] content, String contentType) {
    put(key, content, contentType, Map.of());
  }

  /** Writes an object with user metadata (e.g. its checksum), which a read can check it by. */
  void put(String key, byte[] content, String contentType, Map<String, String> metadata);

  /** The object's user metadata (empty map when it has none); empty when there is no object. */
  Optional<Map<String, String>> metadata(String key);

  byte[] read(String key);

  InputStream open(String key);

  Optional<ObjectInfo> stat(String key);

  /** Every object whose key starts with the prefix, in key order. */
  default List<ObjectInfo> list(String prefix) {
    return listAfter(prefix, null);
  }

  /**
   * The objects whose key starts with the prefix and sorts after {@code startAfter} (all of them
   * when null), in key order: what is new since a key already seen, in one request when little is.
   */
  List<ObjectInfo> listAfter(String prefix, String startAfter);

  void delete(String key);

  /**
   * Lists at most one key under the prefix: proves the bucket exists and the credentials may read
   * it, at the cost of one request.
   */
  void checkAccess(String prefix);

  /** Creates the bucket unless it exists (dev mode and tests; production buckets pre-exist). */
  void createBucketIfMissing();
}
