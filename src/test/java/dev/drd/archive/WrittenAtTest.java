package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WrittenAtTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void theArchivesLagIsBoundedByTheLastTimeTheServerHadWrittenNoMoreThanItHolds() {
    WrittenAt wrote = new WrittenAt();
    wrote.observe(100, T0);
    wrote.observe(200, T0.plusSeconds(5));
    wrote.observe(300, T0.plusSeconds(10));

    assertThat(wrote.lastBefore(150)).isEqualTo(T0);
    assertThat(wrote.lastBefore(250)).isEqualTo(T0.plusSeconds(5));
    assertThat(wrote.lastBefore(300)).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void aStatusReportsNoLagWhenTheArchiveHoldsAllTheServerWrote() {
    ArchiveStatus caughtUp = status("0/3000000", "0/3000000");
    ArchiveStatus behind = status("0/2000000", "0/3000000");

    assertThat(caughtUp.lagSeconds()).isZero();
    assertThat(behind.lagBytes()).isEqualTo(16L << 20);
    assertThat(behind.lagSeconds()).isEqualTo(7.0);
  }

  private static ArchiveStatus status(String archived, String server) {
    return new ArchiveStatus(
        "shop",
        "1",
        1,
        16L << 20,
        "drd_shop",
        archived,
        archived,
        null,
        T0,
        T0,
        server,
        0,
        T0.plusSeconds(7),
        null);
  }
}
