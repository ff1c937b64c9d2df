package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JitterTest {
  /**
   * Issue 15, part 5: 200 targets due at one time spread over the window, each at a fixed offset.
   */
  @Test
  void twoHundredTargetsSpreadOverTheWindowEachAlwaysAtTheSameOffset() {
    Duration window = Duration.ofMinutes(10);
    int[] perMinute = new int[10];
    IntStream.rangeClosed(1, 200)
        .mapToObj(i -> "orders-" + i)
        .forEach(target -> {
          Duration d = Jitter.delay(target, window);
          assertThat(d).isBetween(Duration.ZERO, window.minusMillis(1));
          assertThat(Jitter.delay(target, window)).as("the same on every daemon").isEqualTo(d);
          perMinute[(int) d.toMinutes()]++;
        });
    assertThat(IntStream.of(perMinute).boxed().toList())
        .as("starts per minute of the window")
        .allMatch(n -> n >= 5 && n <= 40);
    assertThat(Jitter.delay("orders", Duration.ZERO)).isZero();
  }
}
