package dev.drd.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The proof that a restore holds the backup: every table of the manifest counted, every configured
 * assertion run. At most {@link #MAX_LISTED} mismatches are listed; {@code mismatchCount} counts
 * them all.
 */
public record VerificationReport(
    String database,
    int tablesChecked,
    long rowsExpected,
    long rowsFound,
    int mismatchCount,
    List<TableMismatch> mismatches,
    List<AssertionResult> assertions,
    Duration countingTook,
    Duration assertionsTook,
    Instant finishedAt) {

  public static final int MAX_LISTED = 50;

  public boolean passed() {
    return mismatchCount == 0 && assertions.stream().allMatch(AssertionResult::passed);
  }

  public long assertionsFailed() {
    return assertions.stream().filter(a -> !a.passed()).count();
  }

  /** One line per problem, for messages. */
  public String problems() {
    List<String> lines =
        Stream.concat(
                mismatches.stream().map(TableMismatch::describe),
                assertions.stream().filter(a -> !a.passed()).map(AssertionResult::describe))
            .toList();
    String more =
        mismatchCount > mismatches.size()
            ? "; and %d more tables".formatted(mismatchCount - mismatches.size())
            : "";
    return String.join("; ", lines) + more;
  }
}
