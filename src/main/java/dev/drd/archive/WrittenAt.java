package dev.drd.archive;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the server had written how far, from the archiver's own observations of its WAL position:
 * enough to say how old the oldest WAL the archive lacks can be.
 */
final class WrittenAt {
  private record Seen(long lsn, Instant at) {}

  private static final int KEPT = 10_000;
  private final Deque<Seen> seen = new ArrayDeque<>();

  void observe(long serverLsn, Instant at) {
    seen.addLast(new Seen(serverLsn, at));
    if (seen.size() > KEPT) { // an archive stuck for long: keep the oldest, which bounds its lag
      Seen oldest = seen.removeFirst();
      seen.removeFirst();
      seen.addFirst(oldest);
    }
  }

  /**
   * The last time the server had written no more than {@code reached}: every byte after it was
   * written later. The first observation when none is that old (the archiver just started).
   */
  Instant lastBefore(long reached) {
    while (seen.size() > 1 && seen.stream().skip(1).findFirst().orElseThrow().lsn() <= reached) {
      seen.removeFirst();
    }
    return seen.isEmpty() ? null : seen.peekFirst().at();
  }
}
