package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.backup.BackupLayout;
import dev.drd.config.DrdConfig;
import dev.drd.config.Durations;
import dev.drd.config.TargetConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.watchdog.RecoveryPoint;
import dev.drd.watchdog.RecoveryPoints;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code drd status --targets}: how far back each target can be recovered, read from the bucket.
 */
final class TargetsStatus {
  private TargetsStatus() {}

  static int print(DrdConfig cfg, PrintWriter out, boolean json) {
    Instant now = Instant.now();
    List<RecoveryPoint> points = new ArrayList<>();
    try (S3ObjectStore store = S3ObjectStore.create(cfg.storage())) {
      RecoveryPoints reader = new RecoveryPoints(store, new BackupLayout(cfg.storage().prefix()));
      for (TargetConfig target : cfg.targets()) {
        points.add(reader.of(target));
      }
    }
    boolean anyStale = points.stream().anyMatch(p -> p.stale(now));
    if (json) {
      ObjectNode doc = Json.object().put("at", now.toString()).put("stale", anyStale);
      ArrayNode list = doc.putArray("targets");
      for (RecoveryPoint p : points) {
        ObjectNode t = list.addObject().put("target", p.target()).put("state", state(p, now));
        put(t, "newestBackup", p.newestBackup(), now);
        put(t, "newestVerifiedBackup", p.newestVerifiedBackup(), now);
        t.put(
            "rpoObjectiveSeconds", p.rpoObjective() == null ? null : p.rpoObjective().toSeconds());
        if (p.lastDrill() != null) {
          t.put("lastDrill", p.lastDrill().reportKey())
              .put("lastDrillPassed", p.lastDrill().passed());
        }
      }
      Json.print(out, doc);
    } else {
      out.printf(
          "%-20s %-22s %-22s %-10s %s%n",
          "TARGET", "NEWEST BACKUP", "NEWEST VERIFIED", "RPO", "STATE");
      for (RecoveryPoint p : points) {
        out.printf(
            "%-20s %-22s %-22s %-10s %s%n",
            p.target(),
            age(p.newestBackup(), now),
            age(p.newestVerifiedBackup(), now),
            p.rpoObjective() == null ? "-" : Durations.format(p.rpoObjective()),
            state(p, now));
      }
      if (anyStale) {
        out.println();
        out.println(
            "STALE: the newest backup a drill verified is older than the RPO objective. Run"
                + " drd drill run --target NAME --wait, and check that backups and drills are"
                + " scheduled.");
      }
      out.flush();
    }
    return anyStale ? ExitCodes.RUNBOOK_FAILED : ExitCodes.OK;
  }

  private static String state(RecoveryPoint p, Instant now) {
    if (p.stale(now)) {
      return p.newestVerifiedBackup() == null ? "STALE (no verified backup)" : "STALE";
    }
    if (p.rpoObjective() == null) {
      return p.newestBackup() == null ? "no backups (no RPO set)" : "ok (no RPO set)";
    }
    return "ok";
  }

  private static String age(Instant at, Instant now) {
    return at == null ? "none" : Durations.format(nonNegative(at, now).withNanos(0)) + " ago";
  }

  private static void put(ObjectNode node, String field, Instant at, Instant now) {
    node.put(field, at == null ? null : at.toString());
    node.put(field + "AgeSeconds", at == null ? null : nonNegative(at, now).toSeconds());
  }

  private static Duration nonNegative(Instant at, Instant now) {
    Duration age = Duration.between(at, now);
    return age.isNegative() ? Duration.ZERO : age;
  }
}
