package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.config.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  /** One backup a day at 02:00 for {@code days} days, ending 2026-11-24. */
  private static List<Instant> daily(int days) {
    List<Instant> all = new ArrayList<>();
    Instant last = Instant.parse("2026-11-24T02:00:00Z");
    for (int i = 0; i < days; i++) {
      all.add(last.minusSeconds(86_400L * i));
    }
    return all;
  }

  @Test
  void keepsTheNewestOfEachOfTheLastDaysWeeksAndMonths() {
    Set<Instant> keep = Retention.keep(daily(120), new RetentionPolicy(7, 4, 3), UTC);
    assertThat(keep)
        .containsExactlyInAnyOrder(
            Instant.parse("2026-11-24T02:00:00Z"), // a Tuesday: days 24..18
            Instant.parse("2026-11-23T02:00:00Z"),
            Instant.parse("2026-11-22T02:00:00Z"), // Sunday: also the newest of ISO week 47
            Instant.parse("2026-11-21T02:00:00Z"),
            Instant.parse("2026-11-20T02:00:00Z"),
            Instant.parse("2026-11-19T02:00:00Z"),
            Instant.parse("2026-11-18T02:00:00Z"),
            Instant.parse("2026-11-15T02:00:00Z"), // Sunday of week 46
            Instant.parse("2026-11-08T02:00:00Z"), // Sunday of week 45
            Instant.parse("2026-10-31T02:00:00Z"), // newest of October
            Instant.parse("2026-09-30T02:00:00Z")); // newest of September
  }

  @Test
  void neverDeletesTheNewestEvenWithNothingToKeep() {
    assertThat(Retention.keep(daily(5), new RetentionPolicy(0, 0, 0, 1), UTC))
        .containsExactly(Instant.parse("2026-11-24T02:00:00Z"));
    assertThat(Retention.keep(List.of(), new RetentionPolicy(7, 4, 6), UTC)).isEmpty();
  }

  @Test
  void severalBackupsADayKeepTheDaysNewest() {
    Instant morning = Instant.parse("2026-11-24T06:00:00Z");
    Instant evening = Instant.parse("2026-11-24T18:00:00Z");
    Instant yesterday = Instant.parse("2026-11-23T18:00:00Z");
    assertThat(
            Retention.keep(
                List.of(morning, yesterday, evening), new RetentionPolicy(2, 0, 0, 1), UTC))
        .containsExactlyInAnyOrder(evening, yesterday);
  }

  @Test
  void daysAreCountedInTheSchedulesTimeZone() {
    // 23:30 UTC on the 23rd is already the 24th in Berlin, like the 10:00 UTC backup.
    Instant late = Instant.parse("2026-11-23T23:30:00Z");
    Instant next = Instant.parse("2026-11-24T10:00:00Z");
    RetentionPolicy oneDay = new RetentionPolicy(2, 0, 0, 1);
    assertThat(Retention.keep(List.of(late, next), oneDay, UTC))
        .containsExactlyInAnyOrder(late, next);
    assertThat(Retention.keep(List.of(late, next), oneDay, ZoneId.of("Europe/Berlin")))
        .containsExactly(next);
  }

  /**
   * Issue 14, case 8: one backup a day meant a backup taken after damage deleted the morning's good
   * one, and a recovery from latest restored the damage. The newest keepLast stay.
   */
  @Test
  void theNewestKeepLastBackupsStayWhateverTheirDay() {
    Instant goodMorning = Instant.parse("2026-11-24T06:00:00Z");
    Instant afterDamage = Instant.parse("2026-11-24T18:00:00Z");
    Instant yesterday = Instant.parse("2026-11-23T18:00:00Z");
    List<Instant> backups = List.of(goodMorning, afterDamage, yesterday);

    assertThat(Retention.keep(backups, new RetentionPolicy(1, 0, 0), UTC))
        .as("the default keepLast of 3")
        .containsExactlyInAnyOrder(goodMorning, afterDamage, yesterday);
    assertThat(Retention.keep(backups, new RetentionPolicy(1, 0, 0, 2), UTC))
        .containsExactlyInAnyOrder(goodMorning, afterDamage);
  }
}
