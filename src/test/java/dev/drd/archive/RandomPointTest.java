package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RandomPointTest {
  private static final Instant BASE_FINISHED = Instant.parse("2026-12-04T14:39:37.908Z");

  @Test
  void aTimeWithinTheWindow() {
    Instant end = BASE_FINISHED.plusSeconds(60);
    for (int i = 0; i < 100; i++) {
      RecoveryTarget point = PointInTimeActivitiesImpl.randomPoint(BASE_FINISHED, end);
      assertThat(point.time()).isBetween(BASE_FINISHED, end);
    }
  }

  /** Seen in the README's Try it: the status checked 4 ms before the base backup finished. */
  @Test
  void theWindowsEndWhenTheArchiveWasLastCheckedBeforeTheBaseBackupFinished() {
    RecoveryTarget point =
        PointInTimeActivitiesImpl.randomPoint(BASE_FINISHED, BASE_FINISHED.minusMillis(4));
    assertThat(point.latest()).isTrue();
    assertThat(PointInTimeActivitiesImpl.randomPoint(BASE_FINISHED, BASE_FINISHED).latest())
        .isTrue();
  }
}
