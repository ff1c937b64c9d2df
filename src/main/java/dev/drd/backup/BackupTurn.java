package dev.drd.backup;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.SessionTag;
import dev.drd.postgres.TargetLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup's turn on its target: whatever started it (the schedule, the CLI, another daemon), one
 * backup of a target runs at a time, held by an advisory lock on the target database. With {@code
 * backup.overlap: buffer}, one more waits for its turn (it holds a second lock, the queue's); any
 * other is skipped. Skips are logged and counted.
 */
final class BackupTurn {
  private static final Logger log = LoggerFactory.getLogger(BackupTurn.class);
  private static final int RUNNING = 1;
  private static final int WAITING = 2;

  private BackupTurn() {}

  /**
   * @param waiting told what the backup waits behind while it does, then null
   * @throws DrdException BACKUP_ALREADY_RUNNING when this backup is skipped
   */
  static TargetLock take(
      PostgresEndpoint endpoint,
      SessionTag tag,
      String target,
      boolean buffer,
      BackupMetrics metrics,
      Consumer<String> waiting) {
    TargetLock.Attempt running =
        TargetLock.tryAcquire(endpoint, RUNNING, tag.applicationName("lock"));
    if (running.acquired()) {
      return running.lock();
    }
    String holder = describe(running.holder(), "another backup");
    if (!buffer) {
      throw skipped(metrics, target, "running", running.holder(), "");
    }
    TargetLock.Attempt queue =
        TargetLock.tryAcquire(endpoint, WAITING, tag.applicationName("queued"));
    if (!queue.acquired()) {
      throw skipped(
          metrics,
          target,
          "one_waiting",
          running.holder(),
          ", and %s already waits for its turn (backup.overlap: buffer keeps one waiting)"
              .formatted(describe(queue.holder(), "another backup")));
    }
    try (TargetLock queued = queue.lock()) {
      log.info(
          "backup of {} waits for its turn behind {} (backup.overlap: buffer)", target, holder);
      waiting.accept("waiting for its turn behind " + holder + " (backup.overlap: buffer)");
      TargetLock turn = TargetLock.acquire(endpoint, RUNNING, tag.applicationName("lock"));
      waiting.accept(null);
      return turn;
    }
  }

  private static DrdException skipped(
      BackupMetrics metrics, String target, String reason, TargetLock.Holder holder, String more) {
    metrics.skipped(target, reason);
    String message =
        ("a backup of %s is already running: %s%s. This one is skipped and wrote nothing; the"
                + " running one is followed with: drd status %s")
            .formatted(
                target,
                describe(holder, "another backup"),
                more,
                holder == null ? "<its workflow id>" : holder.owner().orElse("<its workflow id>"));
    log.warn(message);
    return new DrdException(FailureType.BACKUP_ALREADY_RUNNING, message);
  }

  private static String describe(TargetLock.Holder holder, String otherwise) {
    return holder == null ? otherwise : holder.describe();
  }
}
