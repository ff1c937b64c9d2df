package dev.drd.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartPlanTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @Test
  void smallDatabasesUseTheConfiguredPartSize() {
    PartPlan plan = PartPlan.forExpected(10 * GIB, 8 * MIB);

    assertThat(plan.partSize()).isEqualTo(8 * MIB);
    assertThat(plan.memoryBytes()).isEqualTo(24 * MIB);
    assertThat(PartPlan.forExpected(0, 8 * MIB).partSize()).isEqualTo(8 * MIB);
  }

  @Test
  void aTebibyteGetsPartsThatHoldItWithAQuarterToSpareInTenThousand() {
    PartPlan plan = PartPlan.forExpected(1024 * GIB, 8 * MIB);

    assertThat(plan.partSize()).isEqualTo(132 * MIB);
    assertThat(plan.capacityBytes()).isGreaterThanOrEqualTo(1024 * GIB + 256 * GIB);
    assertThat(plan.memoryBytes()).isEqualTo(396 * MIB);
    assertThat(plan.describe()).isEqualTo("parts of 132.0 MiB (3 held at once: 396.0 MiB)");
  }

  @Test
  void partsNeverOutgrowAJavaArray() {
    assertThat(PartPlan.forExpected(100_000 * GIB, 8 * MIB).partSize())
        .isEqualTo(PartPlan.LARGEST_PART);
  }
}
