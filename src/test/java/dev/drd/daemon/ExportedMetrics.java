package dev.drd.daemon;

import dev.drd.archive.ArchiveGauges;
import dev.drd.archive.ArchiveMetrics;
import dev.drd.archive.ArchiveStatus;
import dev.drd.backup.BackupLayout;
import dev.drd.backup.BackupMetrics;
import dev.drd.config.DrdConfig;
import dev.drd.drill.DrillMetrics;
import dev.drd.runbook.RunKind;
import dev.drd.testing.DrillReports;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.watchdog.RecoveryPointGauges;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every series name drd's daemon exports, scraped from a registry in which each of drd's metrics
 * has recorded something: what dashboards and alert rules may name.
 */
public final class ExportedMetrics {
  private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  private static Set<String> names;

  private ExportedMetrics() {}

  public static synchronized Set<String> names() {
    if (names == null) {
      names = scrape(exercised());
    }
    return names;
  }

  /** The registry's text, as /metrics serves it. */
  public static String scrapeText() {
    return exercised().scrape();
  }

  private static PrometheusMeterRegistry exercised() {
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    DrdConfig config =
        TestConfigs.load(
            TestS3.newBucket(""),
            TestConfigs.target("t", "127.0.0.1", 5432, "db", "archive: {}"),
            "");
    Instant now = Instant.now();
    BackupMetrics backups = new BackupMetrics(registry);
    backups.succeeded("t", Duration.ofSeconds(3), 10, 20, now);
    backups.skipped("t", "running");
    new DrillMetrics(registry).record(DrillReports.report("t", "t/backups/x.dump", now, true));
    ArchiveMetrics archive = new ArchiveMetrics(registry);
    archive.segmentArchived("t");
    archive.observe(
        new ArchiveStatus(
            "t",
            "1",
            1,
            16 << 20,
            "drd",
            "0/1000000",
            "0/1000000",
            null,
            now,
            now,
            "0/1000000",
            0,
            now,
            List.of()));
    new RecoveryPointGauges(
        null, new BackupLayout(""), config.targets(), registry, Clock.systemUTC());
    new ArchiveGauges(null, "", config.targets(), registry, Clock.systemUTC());
    RunbookMetrics runbooks = new RunbookMetrics(null, "default", registry);
    runbooks.record(RunKind.BACKUP, "t", "failed", Duration.ofSeconds(1));
    try (Readiness readiness = new Readiness(() -> true)) {
      Daemon.readinessGauge(registry, readiness);
    }
    return registry;
  }

  private static Set<String> scrape(PrometheusMeterRegistry registry) {
    Set<String> found = new TreeSet<>();
    Matcher m = SERIES.matcher(registry.scrape());
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
