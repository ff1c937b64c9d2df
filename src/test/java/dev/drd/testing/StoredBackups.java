package dev.drd.testing;

import dev.drd.backup.BackupKeys;
import dev.drd.backup.BackupManifest;
import dev.drd.postgres.TableRows;
import dev.drd.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Backups written straight into a bucket: a small dump and a manifest that describes it. */
public final class StoredBackups {
  private StoredBackups() {}

  /** A complete, consistent backup of {@code target} taken at {@code at}. */
  public static void put(ObjectStore store, String target, BackupKeys keys, Instant at) {
    byte[] dump = ("dump of " + target + " at " + at).getBytes(StandardCharsets.UTF_8);
    store.put(keys.dump(), dump, "application/zstd");
    store.put(
        keys.manifest(), manifest(target, keys.dump(), dump, at).toJson(), "application/json");
  }

  /**
   * A backup whose object is {@code archive} compressed with zstd, as drd stores a pg_dump archive,
   * with a manifest that gives both sizes and the object's SHA-256.
   */
  public static void putArchive(
      ObjectStore store, String target, BackupKeys keys, Instant at, byte[] archive) {
    byte[] object = com.github.luben.zstd.Zstd.compress(archive);
    store.put(keys.dump(), object, "application/zstd");
    store.put(
        keys.manifest(),
        manifest(target, keys.dump(), sha256(object), object.length, archive.length, at).toJson(),
        "application/json");
  }

  /** A manifest of {@code dump} stored as {@code key}. */
  public static BackupManifest manifest(String target, String key, byte[] dump, Instant at) {
    return manifest(target, key, sha256(dump), dump.length, dump.length, at);
  }

  private static BackupManifest manifest(
      String target, String key, String sha256, long bytes, long dumpBytes, Instant at) {
    return new BackupManifest(
        BackupManifest.FORMAT_VERSION,
        target,
        "db",
        key,
        "backup/" + target + "/manual",
        sha256,
        bytes,
        dumpBytes,
        "zstd",
        "pg_dump custom",
        "15.0",
        150000,
        15,
        1000,
        "0/1000000",
        at,
        at.plusSeconds(5),
        List.of(new TableRows("public", "t", 1)));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
