package dev.drd.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks what the YAML structure cannot: names, ranges, cron expressions, secrets. */
final class ConfigValidator {
  private static final String NAME = "[a-z0-9][a-z0-9_-]{0,62}";
  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private ConfigValidator() {}

  static List<String> problems(DrdConfig config) {
    List<String> problems = new ArrayList<>();
    temporal(config.temporal(), problems);
    storage(config.storage(), problems);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < config.targets().size(); i++) {
      target(config.targets().get(i), "targets[%d]".formatted(i), names, problems);
    }
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      String server = t.drill().server();
      if (server != null && config.target(server).isEmpty()) {
        problems.add(
            "targets[%d].drill.server: there is no target named '%s' to restore drills into"
                .formatted(i, server));
      }
    }
    restore(config.restore(), problems);
    schedule(config.schedule(), problems);
    if (config.worker().dataMovers() < 1 || config.worker().dataMovers() > 64) {
      problems.add("worker.dataMovers: 1 to 64 dumps and restores at once");
    }
    if (config.worker().streamers() < 1 || config.worker().streamers() > 256) {
      problems.add("worker.streamers: 1 to 256 WAL archivers at once");
    }
    if (config.worker().operatorSteps() < 1 || config.worker().operatorSteps() > 64) {
      problems.add("worker.operatorSteps: 1 to 64 failover and recovery steps at once");
    }
    if (config.shutdown().gracefulTimeout().isNegative()
        || config.shutdown().gracefulTimeout().isZero()) {
      problems.add("shutdown.gracefulTimeout: must be longer than zero");
    }
    if (config.http().port() < 0 || config.http().port() > 65535) {
      problems.add("http.port: %d is not a port (0-65535)".formatted(config.http().port()));
    }
    if (!LoggingConfig.FORMATS.contains(config.logging().format())) {
      problems.add(
          "logging.format: '%s' is not one of %s"
              .formatted(config.logging().format(), String.join(", ", LoggingConfig.FORMATS)));
    }
    return problems;
  }

  static List<String> daemonProblems(DrdConfig config, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.targets().size(); i++) {
      TargetConfig t = config.targets().get(i);
      secretAvailable(t, "targets[%d]".formatted(i), env, problems);
      if (t.archived() && t.archive().user() != null) {
        secretAvailable(t.archiveConnection(), "targets[%d].archive".formatted(i), env, problems);
      }
    }
    if (config.schedule().cluster() != null) {
      secretAvailable(config.schedule().cluster(), "schedule.cluster", env, problems);
    }
    TlsConfig tls = config.temporal().tls();
    if (tls != null) {
      readableIfSet(tls.clientCert(), "temporal.tls.clientCert", problems);
      readableIfSet(tls.clientKey(), "temporal.tls.clientKey", problems);
      readableIfSet(tls.caCert(), "temporal.tls.caCert", problems);
    }
    return problems;
  }

  private static void secretAvailable(
      DatabaseConnection c, String key, Map<String, String> env, List<String> problems) {
    if (c.passwordEnv() != null && env.get(c.passwordEnv()) == null) {
      problems.add(
          "%s.passwordEnv: environment variable %s is not set; it must hold the password of %s"
              .formatted(key, c.passwordEnv(), c.user()));
    }
    readableIfSet(c.passwordFile(), key + ".passwordFile", problems);
  }

  private static void temporal(TemporalConfig t, List<String> problems) {
    if (!t.target().matches("[^:\\s]+:\\d{1,5}")) {
      problems.add("temporal.target: '%s' is not host:port".formatted(t.target()));
    }
    if (t.taskQueue().isBlank()) {
      problems.add("temporal.taskQueue: must not be empty");
    }
    TlsConfig tls = t.tls();
    if (tls != null && (tls.clientCert() == null) != (tls.clientKey() == null)) {
      problems.add("temporal.tls: clientCert and clientKey go together; give both or neither");
    }
    versioning(t.versioning(), problems);
  }

  private static void versioning(WorkerVersioningConfig v, List<String> problems) {
    // Temporal writes a version as <deploymentName>.<buildId>: a dot in the name would split it.
    if (!v.deploymentName().matches("[^.\\s]+")) {
      problems.add(
          "temporal.versioning.deploymentName: '%s' must be a name without dots or spaces"
              .formatted(v.deploymentName()));
    }
    if (v.buildId().isBlank() || v.buildId().length() > 255) {
      problems.add(
          "temporal.versioning.buildId: '%s' must be 1 to 255 characters".formatted(v.buildId()));
    }
    if (!WorkerVersioningConfig.BEHAVIORS.contains(v.defaultBehavior())) {
      problems.add(
          "temporal.versioning.defaultBehavior: '%s' is not one of %s"
              .formatted(v.defaultBehavior(), WorkerVersioningConfig.BEHAVIORS));
    }
  }

  private static void storage(StorageConfig s, List<String> problems) {
    if (s == null) {
      problems.add("storage: missing; drd needs an S3 bucket for its backups");
      return;
    }
    if (s.bucket() == null || !s.bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      problems.add("storage.bucket: '%s' is not an S3 bucket name".formatted(s.bucket()));
    }
    if (s.endpoint() != null
        && (s.endpoint().getScheme() == null
            || !s.endpoint().getScheme().matches("https?")
            || s.endpoint().getHost() == null)) {
      problems.add("storage.endpoint: '%s' is not an http(s) URL".formatted(s.endpoint()));
    }
    if ((s.accessKeyId() == null) != (s.secretAccessKey() == null)) {
      problems.add(
          "storage: accessKeyId and secretAccessKey go together; give both, or neither to use the"
              + " AWS default credential chain");
    }
    if (s.partSize().bytes() < (5L << 20)) {
      problems.add("storage.partSize: S3 needs parts of at least 5MiB, got " + s.partSize());
    }
    if (s.partSize().bytes() > (2047L << 20)) {
      problems.add(
          "storage.partSize: at most 2047MiB (every part is held in memory), got " + s.partSize());
    }
  }

  private static void target(TargetConfig t, String key, Set<String> names, List<String> problems) {
    if (t.name() == null || !t.name().matches(NAME)) {
      problems.add(
          "%s.name: '%s' is not a target name (lower-case letters, digits, - and _)"
              .formatted(key, t.name()));
    } else if (!names.add(t.name())) {
      problems.add("%s.name: '%s' is used by another target".formatted(key, t.name()));
    }
    connection(t, key, problems);
    BackupPolicy b = t.backup();
    if (b.schedule() != null) {
      try {
        CronSchedules.toQuartz(b.schedule());
      } catch (IllegalArgumentException e) {
        problems.add(key + ".backup.schedule: " + e.getMessage());
      }
    }
    try {
      ZoneId.of(b.timezone());
    } catch (DateTimeException e) {
      problems.add("%s.backup.timezone: '%s' is not a time zone".formatted(key, b.timezone()));
    }
    if (b.compressionLevel() < 1 || b.compressionLevel() > 19) {
      problems.add(key + ".backup.compressionLevel: zstd levels go from 1 to 19");
    }
    RetentionPolicy r = b.retention();
    if (r.daily() < 0 || r.weekly() < 0 || r.monthly() < 0) {
      problems.add(key + ".backup.retention: counts cannot be negative");
    }
    if (r.daily() == 0 && r.weekly() == 0 && r.monthly() == 0) {
      problems.add(
          key
              + ".backup.retention: daily, weekly and monthly are all 0, so only the keepLast newest"
              + " backups would ever exist and a bad one would soon push out every good one; keep"
              + " at least one day (daily: 1)");
    }
    if (r.keepLast() < 1) {
      problems.add(
          key
              + ".backup.retention.keepLast: must be at least 1 (the newest backups kept whatever"
              + " their age; default %d)".formatted(RetentionPolicy.DEFAULT_KEEP_LAST));
    }
    if (b.jitter().isNegative() || b.jitter().compareTo(Duration.ofHours(12)) > 0) {
      problems.add(
          key + ".backup.jitter: from 0 to 12h (a window to spread scheduled starts over)");
    }
    if (!BackupPolicy.SKIP.equals(b.overlap()) && !BackupPolicy.BUFFER.equals(b.overlap())) {
      problems.add(
          key
              + ".backup.overlap: skip (a backup that finds one of its target running ends"
              + " SKIPPED) or buffer (one waits for it), got '%s'".formatted(b.overlap()));
    }
    if (b.timeout().isNegative() || b.timeout().isZero()) {
      problems.add(key + ".backup.timeout: must be longer than zero");
    }
    t.verify().check(key + ".verify", problems);
    DrillPolicy d = t.drill();
    if (d.schedule() != null) {
      try {
        CronSchedules.toQuartz(d.schedule());
      } catch (IllegalArgumentException e) {
        problems.add(key + ".drill.schedule: " + e.getMessage());
      }
    }
    try {
      ZoneId.of(d.timezone());
    } catch (DateTimeException e) {
      problems.add("%s.drill.timezone: '%s' is not a time zone".formatted(key, d.timezone()));
    }
    if (d.at() != null && !d.at().equals("latest") && !d.at().equals("random")) {
      problems.add(
          "%s.drill.at: latest or random (the point a scheduled drill recovers), got '%s'"
              .formatted(key, d.at()));
    } else if (d.at() != null && !t.archived()) {
      problems.add(
          "%s.drill.at: a point-in-time drill needs the WAL archive; add archive: to the target"
              .formatted(key));
    }
    if (d.keepReports() < 1) {
      problems.add(
          "%s.drill.keepReports: at least 1 (the newest drill reports kept; default %d)"
              .formatted(key, DrillPolicy.DEFAULT_KEEP_REPORTS));
    }
    positiveIfSet(t.objectives().rto(), key + ".objectives.rto", problems);
    positiveIfSet(t.objectives().rpo(), key + ".objectives.rpo", problems);
    if (t.archived()) {
      archive(t.archive(), key + ".archive", problems);
    }
  }

  private static void archive(ArchivePolicy a, String key, List<String> problems) {
    if (a.user() == null && (a.passwordEnv() != null || a.passwordFile() != null)) {
      problems.add(
          key
              + ": a password goes with archive.user (the replication role); without a user the"
              + " archive uses the target's role and secret");
    }
    if (a.passwordEnv() != null && a.passwordFile() != null) {
      problems.add("%s: give passwordEnv or passwordFile, not both".formatted(key));
    }
    if (a.slot() != null && !a.slot().matches("[a-z0-9_]{1,63}")) {
      problems.add(
          ("%s.slot: '%s' is not a replication slot name (lower-case letters, digits and _, up"
                  + " to 63)")
              .formatted(key, a.slot()));
    }
    if (a.maxDelay().compareTo(Duration.ofSeconds(1)) < 0
        || a.maxDelay().compareTo(Duration.ofHours(1)) > 0) {
      problems.add(
          key + ".maxDelay: from 1s to 1h (how often the WAL being written is uploaded: the RPO)");
    }
    if (a.recoveryWindow().compareTo(Duration.ofMinutes(1)) < 0) {
      problems.add(
          key
              + ".recoveryWindow: at least 1m (how far back a point-in-time restore reaches, e.g."
              + " 7d)");
    }
    if (a.baseBackupSchedule() != null) {
      try {
        CronSchedules.toQuartz(a.baseBackupSchedule());
      } catch (IllegalArgumentException e) {
        problems.add(key + ".baseBackupSchedule: " + e.getMessage());
      }
    }
  }

  private static void connection(DatabaseConnection c, String key, List<String> problems) {
    required(c.host(), key + ".host", problems);
    required(c.database(), key + ".database", problems);
    if (c.database() != null && !c.database().isBlank()) {
      DatabaseNames.problem(c.database()).ifPresent(p -> problems.add(key + ".database: " + p));
    }
    if (c.port() < 1 || c.port() > 65535) {
      problems.add("%s.port: %d is not a port".formatted(key, c.port()));
    }
    if (c.passwordEnv() != null && c.passwordFile() != null) {
      problems.add("%s: give passwordEnv or passwordFile, not both".formatted(key));
    }
    if (!SSL_MODES.contains(c.sslMode())) {
      problems.add("%s.sslMode: '%s' is not one of %s".formatted(key, c.sslMode(), SSL_MODES));
    }
  }

  private static void schedule(ScheduleConfig s, List<String> problems) {
    ScheduleCluster cluster = s.cluster();
    if (cluster == null) {
      return;
    }
    connection(cluster, "schedule.cluster", problems);
    if (cluster.checkinInterval().compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add("schedule.cluster.checkinInterval: must be at least 1s");
    }
  }

  private static void restore(RestoreConfig r, List<String> problems) {
    if (r.jobs() < 1 || r.jobs() > 64) {
      problems.add("restore.jobs: %d is not between 1 and 64".formatted(r.jobs()));
    }
    if (Files.exists(r.workDir()) && !Files.isDirectory(r.workDir())) {
      problems.add("restore.workDir: %s is not a directory".formatted(r.workDir()));
    }
  }

  private static void positiveIfSet(Duration value, String key, List<String> problems) {
    if (value != null && (value.isNegative() || value.isZero())) {
      problems.add(key + ": must be longer than zero");
    }
  }

  private static void required(String value, String key, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(key + ": missing");
    }
  }

  private static void readableIfSet(Path file, String key, List<String> problems) {
    if (file != null && !Files.isReadable(file)) {
      problems.add("%s: cannot read %s".formatted(key, file));
    }
  }
}
