package dev.drd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.config.CronSchedules;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/** Issue 15, part 5: a misfired fire keeps the id of the cron time it stands for. */
class NominalFireTimeTest {
  private static CronExpression cron(String cron, String zone) throws Exception {
    CronExpression expression = new CronExpression(CronSchedules.toQuartz(cron));
    expression.setTimeZone(TimeZone.getTimeZone(zone));
    return expression;
  }

  @Test
  void aFireOnTimeIsItsOwnNominalTime() throws Exception {
    Instant onTime = Instant.parse("2026-12-03T02:00:00.017Z");

    assertThat(NominalFireTime.of(cron("0 2 * * *", "UTC"), onTime))
        .isEqualTo(Instant.parse("2026-12-03T02:00:00Z"));
  }

  @Test
  void aMisfireFiredLaterStandsForTheNewestCronTimeBeforeIt() throws Exception {
    Instant misfired = Instant.parse("2026-12-03T09:41:07.250Z");

    assertThat(NominalFireTime.of(cron("0 2 * * *", "UTC"), misfired))
        .isEqualTo(Instant.parse("2026-12-03T02:00:00Z"));
    assertThat(NominalFireTime.of(cron("*/5 * * * *", "UTC"), misfired))
        .isEqualTo(Instant.parse("2026-12-03T09:40:00Z"));
    assertThat(NominalFireTime.of(cron("0 2 * * *", "Europe/Berlin"), misfired))
        .isEqualTo(Instant.parse("2026-12-03T01:00:00Z"));
    assertThat(NominalFireTime.of(cron("0 3 1 * *", "UTC"), misfired))
        .isEqualTo(Instant.parse("2026-12-01T03:00:00Z"));
    assertThat(NominalFireTime.of(cron("0 3 1 1 *", "UTC"), misfired))
        .isEqualTo(Instant.parse("2026-01-01T03:00:00Z"));
  }
}
