package dev.drd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronSchedulesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 2 * * *        | 0 0 2 * * ?",
        "*/15 * * * *     | 0 */15 * * * ?",
        "30 1 1 * *       | 0 30 1 1 * ?",
        "0 3 * * 0        | 0 0 3 ? * 1",
        "0 3 * * 7        | 0 0 3 ? * 1",
        "0 3 * * 1-5      | 0 0 3 ? * 2-6",
        "0 3 * * 0,6      | 0 0 3 ? * 1,7",
        "0 3 * * MON-FRI  | 0 0 3 ? * MON-FRI",
        "@daily           | 0 0 0 * * ?",
        "@hourly          | 0 0 * * * ?",
        "0 0 2 * * ?      | 0 0 2 * * ?",
      })
  void unixCronBecomesQuartz(String unix, String quartz) {
    assertThat(CronSchedules.toQuartz(unix)).isEqualTo(quartz);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 2 * *        | expected 5 fields",
        "0 25 * * *     | not a valid cron expression",
        "0 2 1 * 1      | sets both day-of-month and day-of-week",
        "0 2 * * 9      | day-of-week 9 is out of range",
        "0 0 31 2 *     | never fires (no such date",
      })
  void badExpressionsSayWhatIsWrong(String expression, String problem) {
    assertThatThrownBy(() -> CronSchedules.toQuartz(expression)).hasMessageContaining(problem);
  }
}
