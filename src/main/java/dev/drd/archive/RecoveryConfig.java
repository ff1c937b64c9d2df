package dev.drd.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a point-in-time recovery runs with, added to the restored data directory and taken
 * away once it is done, so that the directory holds the configuration its base backup had: the
 * server listens on 127.0.0.1 only, trusts loopback (drd connects to watch it promote), and replays
 * WAL from the spool drd fetched it into.
 */
final class RecoveryConfig {
  private static final String AUTO = "postgresql.auto.conf";
  private static final String HBA = "pg_hba.conf";
  private static final String CONF = "postgresql.conf";
  private static final String SIGNAL = "recovery.signal";

  /** recovery_target_time takes PostgreSQL's own timestamp form, not ISO-8601's T and Z. */
  private static final DateTimeFormatter POSTGRES_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Map<String, byte[]> originals = new LinkedHashMap<>();

  private RecoveryConfig(Path dir) {
    this.dir = dir;
  }

  static RecoveryConfig apply(Path dir, Path spool, RecoveryTarget at) throws IOException {
    RecoveryConfig config = new RecoveryConfig(dir);
    for (String file : new String[] {AUTO, HBA, CONF}) {
      Path path = dir.resolve(file);
      config.originals.put(file, Files.exists(path) ? Files.readAllBytes(path) : null);
    }
    if (config.originals.get(CONF) == null) {
      Files.writeString(dir.resolve(CONF), "# written by drd for a point-in-time recovery\n");
    }
    Files.writeString(dir.resolve(HBA), "host all all 127.0.0.1/32 trust\n");
    StringBuilder settings = new StringBuilder();
    byte[] auto = config.originals.get(AUTO);
    if (auto != null) {
      settings.append(new String(auto, java.nio.charset.StandardCharsets.UTF_8)).append('\n');
    }
    settings
        .append("# drd point-in-time recovery (taken away once it is done)\n")
        .append("listen_addresses = '127.0.0.1'\n")
        .append("unix_socket_directories = ''\n")
        .append("hot_standby = on\n")
        .append("archive_mode = off\n")
        .append("restore_command = 'cp \"%s/%%f\" \"%%p\"'\n".formatted(spool.toAbsolutePath()))
        .append("recovery_target_action = 'promote'\n");
    if (at.isLsn()) {
      settings.append("recovery_target_lsn = '%s'\n".formatted(at.text()));
    } else if (at.isTime()) {
      settings.append(
          "recovery_target_time = '%s+00'\n".formatted(POSTGRES_TIME.format(at.time())));
    }
    Files.writeString(dir.resolve(AUTO), settings);
    Files.writeString(dir.resolve(SIGNAL), "");
    return config;
  }

  /**
   * Drops the recovery target: replay goes to the end of the spool. For a time after the last
   * commit the archive holds, whose replay ends before any commit passes it.
   */
  void toEndOfArchive() throws IOException {
    Path auto = dir.resolve(AUTO);
    List<String> kept =
        Files.readAllLines(auto).stream()
            .filter(l -> !l.startsWith("recovery_target_time"))
            .toList();
    Files.write(auto, kept);
    Files.writeString(dir.resolve(SIGNAL), "");
  }

  /** Puts the configuration files back as the base backup had them. */
  void undo() throws IOException {
    for (Map.Entry<String, byte[]> e : originals.entrySet()) {
      Path path = dir.resolve(e.getKey());
      if (e.getValue() == null) {
        Files.deleteIfExists(path);
      } else {
        Files.write(path, e.getValue());
      }
    }
    Files.deleteIfExists(dir.resolve(SIGNAL));
  }
}
