package dev.drd.backup;

import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.storage.PartPlan;
import java.util.Optional;

/**
 * The heap one dump's upload buffers may take: {@value #SHARE_PERCENT} % of the daemon's heap,
 * shared by the {@code worker.dataMovers} that may all be dumping at once. The rest of the heap is
 * the Temporal SDK's, the scheduler's and the restores' (which stream without buffering parts).
 */
public record DumpMemory(long maxHeapBytes, int dataMovers) {
  static final int SHARE_PERCENT = 60;

  public static DumpMemory ofThisProcess(DrdConfig config) {
    return new DumpMemory(Runtime.getRuntime().maxMemory(), config.worker().dataMovers());
  }

  public long perDumpBytes() {
    return maxHeapBytes / 100 * SHARE_PERCENT / dataMovers;
  }

  /**
   * Why the configured part size cannot fit even the smallest dump, or empty: checked when the
   * daemon starts.
   */
  public Optional<String> problemWithSmallestParts(PartPlan smallest) {
    if (smallest.memoryBytes() <= perDumpBytes()) {
      return Optional.empty();
    }
    return Optional.of(
        ("storage.partSize %s: every dump holds %s, but the daemon allows %s per dump (%s). Lower"
                + " storage.partSize or worker.dataMovers, or give the daemon at least %s of heap"
                + " (-Xmx, or -XX:MaxRAMPercentage with more memory)")
            .formatted(
                DataSize.format(smallest.partSize()),
                smallest.describe(),
                DataSize.format(perDumpBytes()),
                budget(),
                DataSize.format(heapNeededFor(smallest))));
  }

  /** Refuses, before anything is written, a dump whose parts would not fit. */
  void requireFits(PartPlan plan, String target, long databaseBytes) {
    if (plan.memoryBytes() <= perDumpBytes()) {
      return;
    }
    throw new DrdException(
        FailureType.BACKUP_TOO_LARGE,
        ("a dump of %s (database %s) needs %s to fit S3's %,d parts with a quarter to spare, but the"
                + " daemon allows %s per dump (%s). Nothing was written. Give the daemon at least %s"
                + " of heap (-Xmx, or -XX:MaxRAMPercentage with more memory), or lower"
                + " worker.dataMovers, then back up again")
            .formatted(
                target,
                DataSize.format(databaseBytes),
                plan.describe(),
                PartPlan.MAX_PARTS,
                DataSize.format(perDumpBytes()),
                budget(),
                DataSize.format(heapNeededFor(plan))));
  }

  private String budget() {
    return "%d %% of its %s heap ÷ worker.dataMovers %d"
        .formatted(SHARE_PERCENT, DataSize.format(maxHeapBytes), dataMovers);
  }

  private long heapNeededFor(PartPlan plan) {
    return plan.memoryBytes() * dataMovers / SHARE_PERCENT * 100;
  }
}
