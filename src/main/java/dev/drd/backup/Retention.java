package dev.drd.backup;

import dev.drd.config.RetentionPolicy;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups to keep: the {@code keepLast} newest (at least the newest) always, plus the newest
 * of each of the last {@code daily} days, {@code weekly} ISO weeks and {@code monthly} months that
 * have a backup, counted in the schedule's time zone. One backup may count for a day, a week and a
 * month at once.
 */
public final class Retention {
  private Retention() {}

  public static Set<Instant> keep(List<Instant> backups, RetentionPolicy policy, ZoneId zone) {
    List<Instant> newestFirst = backups.stream().sorted(Comparator.reverseOrder()).toList();
    Set<Instant> keep = new LinkedHashSet<>();
    if (newestFirst.isEmpty()) {
      return keep;
    }
    newestFirst.stream().limit(Math.max(1, policy.keepLast())).forEach(keep::add);
    keepNewestPer(newestFirst, policy.daily(), t -> t.atZone(zone).toLocalDate(), keep);
    keepNewestPer(
        newestFirst,
        policy.weekly(),
        t -> {
          ZonedDateTime z = t.atZone(zone);
          return z.get(IsoFields.WEEK_BASED_YEAR) * 100 + z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        },
        keep);
    keepNewestPer(newestFirst, policy.monthly(), t -> YearMonth.from(t.atZone(zone)), keep);
    return keep;
  }

  private static void keepNewestPer(
      List<Instant> newestFirst, int periods, Function<Instant, Object> period, Set<Instant> keep) {
    Set<Object> seen = new HashSet<>();
    for (Instant t : newestFirst) {
      if (seen.size() >= periods) {
        return;
      }
      if (seen.add(period.apply(t))) {
        keep.add(t);
      }
    }
  }
}
