package dev.drd.archive;

import dev.drd.config.DataSize;
import java.time.Duration;
import java.util.Optional;

/**
 * Says when an archive starts falling behind its server, or its slot starts keeping much WAL on the
 * server, and when it is well again: once per change, not at every check.
 */
final class FallingBehind {
  /** WAL a slot may keep before the server's disk is worth a warning: 64 segments of 16 MiB. */
  static final long RETAINED_WARNING = 1L << 30;

  private final Duration maxDelay;
  private boolean late;
  private boolean retaining;

  FallingBehind(Duration maxDelay) {
    this.maxDelay = maxDelay;
  }

  /** What to log about this check, if anything changed. */
  Optional<String> check(ArchiveStatus status) {
    StringBuilder said = new StringBuilder();
    boolean nowLate = status.lagSeconds() > 2.0 * maxDelay.toSeconds();
    if (nowLate != late) {
      said.append(
          nowLate
              ? ("the archive of %s is %.0f s behind its server (%s not archived; maxDelay %s):"
                      + " a disaster now loses that much. Is the bucket slow, or the daemon"
                      + " overloaded? ")
                  .formatted(
                      status.target(),
                      status.lagSeconds(),
                      DataSize.format(status.lagBytes()),
                      maxDelay)
              : "the archive of %s has caught up with its server. ".formatted(status.target()));
      late = nowLate;
    }
    boolean nowRetaining = status.slotRetainedBytes() > RETAINED_WARNING;
    if (nowRetaining != retaining) {
      said.append(
          nowRetaining
              ? ("slot %s keeps %s of WAL on the server of %s: the archive is not letting it go."
                      + " Set max_slot_wal_keep_size on the server, so that an archive down for"
                      + " long cannot fill its disk")
                  .formatted(
                      status.slot(), DataSize.format(status.slotRetainedBytes()), status.target())
              : "slot %s keeps %s again"
                  .formatted(status.slot(), DataSize.format(status.slotRetainedBytes())));
      retaining = nowRetaining;
    }
    return said.isEmpty() ? Optional.empty() : Optional.of(said.toString().strip());
  }
}
