package dev.drd.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TimelineHistoryTest {
  /** Timeline 5 of a server promoted from 1 and 3 (2 and 4 were branches given up). */
  private static final byte[] FIVE =
      """
      1\t0/5000328\tno recovery target specified

      # a comment
      3\t0/9A000F0\tat restore point "before-migration"
      """
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void spansFollowTheSwitchesToTheOpenTimeline() {
    TimelineHistory history = TimelineHistory.parse(5, FIVE);

    assertThat(history.spans())
        .containsExactly(
            new TimelineHistory.Span(1, 0, 0x5000328L),
            new TimelineHistory.Span(3, 0x5000328L, 0x9A000F0L),
            new TimelineHistory.Span(5, 0x9A000F0L, -1));
    assertThat(history.begin()).isEqualTo(0x9A000F0L);
    assertThat(history.span(2)).as("a branch the history does not pass").isEmpty();
    assertThat(TimelineHistory.fileName(26)).isEqualTo("0000001A.history");
  }

  @Test
  void timelineOneHasNoSwitches() {
    TimelineHistory first = new TimelineHistory(1, java.util.List.of());
    assertThat(first.spans()).containsExactly(new TimelineHistory.Span(1, 0, -1));
    assertThat(first.begin()).isZero();
  }
}
