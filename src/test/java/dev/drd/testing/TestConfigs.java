package dev.drd.testing;

import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** drd.yaml files for tests, pointing at the tests' own servers. */
public final class TestConfigs {
  private TestConfigs() {}

  /**
   * @param targets the YAML of the {@code targets:} list items
   */
  public static String yaml(
      String temporalTarget, String taskQueue, StorageConfig s3, String targets, String extra) {
    return """
    temporal:
      target: %s
      taskQueue: %s
    storage:
      bucket: %s
      prefix: %s
      endpoint: %s
      accessKeyId: %s
      secretAccessKey: %s
      partSize: 5MiB
    targets:
    %s
    http:
      bind: 127.0.0.1
      port: 0
    %s
    """
        .formatted(
            temporalTarget,
            taskQueue,
            s3.bucket(),
            s3.prefix(),
            s3.endpoint(),
            s3.accessKeyId(),
            s3.secretAccessKey(),
            targets.stripTrailing().indent(2).stripTrailing(),
            extra);
  }

  /** A test worker's config: these targets and extra sections, this bucket, the usual Temporal. */
  public static DrdConfig load(StorageConfig s3, String targets, String extra) {
    return new ConfigLoader(Map.of())
        .load(new ConfigSource("test", yaml("127.0.0.1:7233", "q", s3, targets, extra)));
  }

  /** The {@code restore:} section for restores staged in {@code workDir}, with little kept free. */
  public static String restore(java.nio.file.Path workDir) {
    return "restore:\n  workDir: %s\n  keepFree: 1MiB\n".formatted(workDir);
  }

  /** One target item for the {@code targets:} list. */
  public static String target(String name, String host, int port, String database, String more) {
    return """
    - name: %s
      host: %s
      port: %d
      database: %s
      user: postgres
      sslMode: disable
    %s
    """
        .formatted(name, host, port, database, more.stripTrailing().indent(2).stripTrailing());
  }

  public static Path write(Path dir, String yaml) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("drd.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
