package dev.drd.backup;

import dev.drd.config.DataSize;
import dev.drd.postgres.PgDump;
import dev.drd.storage.MultipartUpload;
import java.util.Optional;
import java.util.function.Supplier;

/** The dump's progress, as the lease's heartbeat details. */
final class DumpProgress {
  private final long databaseSize;
  private final Supplier<Optional<String>> lockWait;
  private volatile MultipartUpload upload;
  private volatile PgDump pgDump;
  private volatile long dumpBytes;
  private volatile String waitingForTurn;

  /**
   * @param lockWait what the snapshot's session waits on before the dump starts
   */
  DumpProgress(long databaseSize, Supplier<Optional<String>> lockWait) {
    this.databaseSize = databaseSize;
    this.lockWait = lockWait;
  }

  void waitingForTurn(String behind) {
    waitingForTurn = behind;
  }

  void streaming(MultipartUpload upload, PgDump pgDump) {
    this.upload = upload;
    this.pgDump = pgDump;
  }

  void read(long bytes) {
    dumpBytes = bytes;
  }

  DumpHeartbeat details() {
    MultipartUpload u = upload;
    PgDump p = pgDump;
    String turn = waitingForTurn;
    if (turn != null) {
      return new DumpHeartbeat(null, 0, 0, "", turn);
    }
    if (u == null || p == null) {
      return new DumpHeartbeat(
          null,
          0,
          0,
          "",
          lockWait
              .get()
              .map(wait -> "snapshot " + wait)
              .orElse("taking the backup lock and the snapshot's table locks"));
    }
    String summary =
        "%s read from pg_dump (database %s), %s uploaded%s"
            .formatted(
                DataSize.format(dumpBytes),
                DataSize.format(databaseSize),
                DataSize.format(u.bytesUploaded()),
                p.currentObject().isEmpty() ? "" : ", at " + p.currentObject());
    return new DumpHeartbeat(
        u.uploadId(), dumpBytes, u.bytesUploaded(), p.currentObject(), summary);
  }
}
