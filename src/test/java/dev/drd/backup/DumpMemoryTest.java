package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.storage.PartPlan;
import org.junit.jupiter.api.Test;

/** Issue 15, part 3: a dump whose parts do not fit the daemon's heap is refused up front. */
class DumpMemoryTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /** The shipped Kubernetes pod: 1 GiB, MaxRAMPercentage=50. */
  private final DumpMemory pod = new DumpMemory(512 * MIB, 4);

  @Test
  void aDatabaseWhosePartsFitIsDumped() {
    PartPlan plan = PartPlan.forExpected(100 * GIB, 8 * MIB);

    pod.requireFits(plan, "orders", 100 * GIB);

    assertThat(pod.perDumpBytes()).isGreaterThanOrEqualTo(plan.memoryBytes());
  }

  @Test
  void aTebibyteOnTheShippedPodIsRefusedWithTheHeapItNeeds() {
    DrdException refused =
        catchThrowableOfType(
            DrdException.class,
            () -> pod.requireFits(PartPlan.forExpected(1024 * GIB, 8 * MIB), "orders", 1024 * GIB));

    assertThat(refused.type()).isEqualTo(FailureType.BACKUP_TOO_LARGE);
    assertThat(refused.type().retryable()).isFalse();
    assertThat(refused.getMessage())
        .contains("a dump of orders (database 1.0 TiB)")
        .contains("parts of 132.0 MiB (3 held at once: 396.0 MiB)")
        .contains("60 % of its 512.0 MiB heap ÷ worker.dataMovers 4")
        .contains("Nothing was written")
        .contains("at least 2.6 GiB of heap");
  }

  @Test
  void aPartSizeThatNoDumpCouldHoldIsAConfigProblem() {
    assertThat(pod.problemWithSmallestParts(PartPlan.forExpected(0, 8 * MIB))).isEmpty();
    assertThat(pod.problemWithSmallestParts(PartPlan.forExpected(0, 100 * MIB)))
        .get()
        .asString()
        .startsWith("storage.partSize 100.0 MiB: every dump holds parts of 100.0 MiB")
        .contains("Lower storage.partSize or worker.dataMovers");
  }
}
