package dev.drd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void durationsAsPeopleWriteThem() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("not a duration");
    assertThat(Durations.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofMillis(3640))).isEqualTo("3.6s");
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
  }

  @Test
  void sizesAsPeopleWriteThem() {
    assertThat(DataSize.parse("8MiB").bytes()).isEqualTo(8L << 20);
    assertThat(DataSize.parse("10MB").bytes()).isEqualTo(10_000_000L);
    assertThat(DataSize.parse("1.5GiB").bytes()).isEqualTo(3L << 29);
    assertThat(DataSize.parse("4096").bytes()).isEqualTo(4096);
    assertThatThrownBy(() -> DataSize.parse("big")).hasMessageContaining("not a size");
    assertThat(DataSize.format(1536)).isEqualTo("1.5 KiB");
  }
}
