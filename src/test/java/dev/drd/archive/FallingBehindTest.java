package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallingBehindTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  /** A status whose server wrote {@code lagBytes} the archive lacks, the oldest {@code age} ago. */
  private static ArchiveStatus status(long lagBytes, Duration age, long retained) {
    return new ArchiveStatus(
        "shop",
        "7",
        1,
        16 << 20,
        "drd_shop",
        "0/1000000",
        "0/1000000",
        null,
        NOW,
        NOW.minus(age),
        "0/%X".formatted(0x1000000 + lagBytes),
        retained,
        NOW,
        List.of());
  }

  @Test
  void warnsOnceWhenTheArchiveFallsBehindAndSaysWhenItCaughtUp() {
    FallingBehind watch = new FallingBehind(Duration.ofSeconds(10));

    assertThat(watch.check(status(100, Duration.ofSeconds(5), 0))).isEmpty();
    assertThat(watch.check(status(5 << 20, Duration.ofSeconds(25), 0)))
        .hasValueSatisfying(s -> assertThat(s).contains("25 s behind", "5.0 MiB", "maxDelay"));
    assertThat(watch.check(status(6 << 20, Duration.ofSeconds(40), 0))).as("said once").isEmpty();
    assertThat(watch.check(status(0, Duration.ZERO, 0)))
        .hasValueSatisfying(s -> assertThat(s).contains("caught up"));
  }

  @Test
  void warnsWhenTheSlotKeepsMuchWalWithTheSettingThatBoundsIt() {
    FallingBehind watch = new FallingBehind(Duration.ofSeconds(10));

    assertThat(watch.check(status(0, Duration.ZERO, 2L << 30)))
        .hasValueSatisfying(s -> assertThat(s).contains("drd_shop", "max_slot_wal_keep_size"));
    assertThat(watch.check(status(0, Duration.ZERO, 3L << 30))).isEmpty();
  }
}
