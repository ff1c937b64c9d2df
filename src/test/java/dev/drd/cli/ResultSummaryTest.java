package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drd.archive.ArchiveRun;
import dev.drd.archive.BaseBackupManifest;
import dev.drd.archive.PitrResult;
import dev.drd.backup.BackupResult;
import dev.drd.backup.RetentionResult;
import dev.drd.drill.DrillReport;
import dev.drd.restore.AssertionResult;
import dev.drd.restore.RestoreResult;
import dev.drd.restore.TableMismatch;
import dev.drd.restore.VerificationReport;
import dev.drd.runbook.RunKind;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A finished runbook as drd status shows it to people: figures with units, never raw JSON. */
class ResultSummaryTest {
  private static final Instant T0 = Instant.parse("2026-12-04T05:00:00Z");
  private static final String SHA = "ab12".repeat(16);

  @Test
  void aBackupSaysHowLongItTookHowBigItIsAndWhereItIs() {
    BackupResult backup =
        new BackupResult(
            "orders",
            "orders/2026/12/04/050000.dump.zst",
            "orders/2026/12/04/050000.manifest.json",
            50_541_363,
            210_000_000,
            SHA,
            "zstd",
            "0/5B44000",
            12,
            48_000,
            T0,
            T0.plusMillis(12_300),
            new RetentionResult(7, List.of("orders/old.dump.zst"), List.of()),
            null,
            "COMPLETED",
            null);

    String text = result(RunKind.BACKUP, backup);

    assertThat(text)
        .contains("backup of orders completed in 12.3s")
        .contains("48.2 MiB zstd (200.3 MiB dumped)")
        .contains(SHA)
        .contains("orders/2026/12/04/050000.dump.zst")
        .contains("kept 7, deleted 1 older");
    assertThat(text).doesNotContain("{");
  }

  @Test
  void aSkippedBackupSaysWhy() {
    String text =
        result(RunKind.BACKUP, BackupResult.skipped("orders", T0, "backup/orders/0500 dumps it"));

    assertThat(text).contains("backup of orders SKIPPED: backup/orders/0500 dumps it");
  }

  @Test
  void aRestoreSaysItsRecoveryTimeWithAUnit() {
    String text = result(RunKind.RESTORE, restore(verification(List.of())));

    assertThat(text)
        .contains("restore of orders into orders_copy on orders: VERIFIED")
        .contains("recovery    1.4s from download start to verified (RTO)")
        .contains("1h old at restore")
        .contains("3 checked, 1,200 rows, 0 mismatch(es)");
    assertThat(text).doesNotContain("{").doesNotContain("1.44");
  }

  @Test
  void aRestoreThatFailedVerificationSaysWhatDoesNotMatch() {
    RestoreResult restore =
        restore(verification(List.of(new TableMismatch("shop", "orders", 1000, 999L))));
    WorkflowWatch.FailureSummary failure =
        new WorkflowWatch.FailureSummary(
            "VERIFICATION_FAILED", "the restore does not match the backup", temporal(restore));

    String text =
        print(out -> ResultSummary.printFailure(Optional.of(RunKind.RESTORE), out, failure));

    assertThat(text)
        .contains("failure  [VERIFICATION_FAILED] the restore does not match the backup")
        .contains("VERIFICATION FAILED")
        .contains("MISMATCH  shop.orders: 999 rows, manifest says 1,000");
  }

  @Test
  void aDrillSaysItsRtoAndRpoAgainstTheObjectives() {
    DrillReport drill =
        new DrillReport(
            "orders",
            "drill/orders/manual",
            false,
            "drill of orders FAILED: RTO 1m30s (objective 1m: MISSED), RPO 2h (objective 1d: met)",
            T0,
            T0.plusSeconds(100),
            "orders/2026/12/04/030000.dump.zst",
            T0.minusSeconds(7200),
            "orders",
            "drill_orders_20261204t050000z",
            true,
            Duration.ofSeconds(90),
            Duration.ofHours(2),
            Duration.ofMinutes(1),
            Duration.ofDays(1),
            false,
            true,
            verification(List.of()),
            null,
            null,
            "orders/drills/20261204T050000Z.json",
            null);

    String text = result(RunKind.DRILL, drill);

    assertThat(text)
        .contains("RTO 1m30s (objective 1m: MISSED)")
        .contains("RTO         1m30s (objective 1m)")
        .contains("RPO         2h (objective 24h)")
        .contains("drill_orders_20261204t050000z on orders, dropped");
    assertThat(text).doesNotContain("{");
  }

  @Test
  void aBaseBackupSaysItsSizeAndWal() {
    BaseBackupManifest base =
        new BaseBackupManifest(
            1,
            "orders",
            "orders/base/20261204T050000Z.tar.zst",
            "orders/base/20261204T050000Z.manifest.json",
            3L * 1024 * 1024 * 1024,
            5L * 1024 * 1024 * 1024,
            SHA,
            "0/5000028",
            "0/5000100",
            1,
            "7300000000000000000",
            "17.2",
            T0,
            T0.plusSeconds(60),
            T0.plusSeconds(65),
            "base-backup/orders/manual");

    String text = result(RunKind.BASE_BACKUP, base);

    assertThat(text)
        .contains("base backup of orders completed in 1m5s")
        .contains("3.0 GiB zstd (5.0 GiB tar)")
        .contains("0/5000028 to 0/5000100 on timeline 1");
  }

  @Test
  void aPointInTimeRestoreSaysWhereReplayStoppedAndItsRecoveryTime() {
    PitrResult pitr =
        new PitrResult(
            "orders",
            "/var/lib/drd/pitr/orders",
            "2026-12-04T04:00:00Z",
            "2026-12-04T04:00:00Z",
            null,
            null,
            "orders/base/20261204T030000Z.tar.zst",
            T0.minusSeconds(7200),
            "0/7000060",
            T0.minusSeconds(3601),
            2,
            4,
            64L * 1024 * 1024,
            T0,
            T0.plusSeconds(42),
            Duration.ofSeconds(42),
            Duration.ofSeconds(3),
            null);

    String text = result(RunKind.PITR, pitr);

    assertThat(text)
        .contains("RECOVERED into /var/lib/drd/pitr/orders")
        .contains("4 segment(s), 64.0 MiB, to 0/7000060")
        .contains("recovery      42s from download start");
  }

  @Test
  void anArchiverRunSaysHowFarTheArchiveReached() {
    String text =
        result(
            RunKind.ARCHIVE,
            new ArchiveRun("orders", 1, "0/5000000", "0/9000000", 4, ArchiveRun.HANDED_OVER));

    assertThat(text)
        .contains(
            "archiver of orders handed over: 4 whole WAL segment(s) archived, from 0/5000000 to"
                + " 0/9000000 on timeline 1");
  }

  @Test
  void aRunbookOfNoKnownKindPointsAtJsonInsteadOfPrintingIt() {
    String text =
        print(out ->
            ResultSummary.printResult(
                Optional.empty(), out, Json.object().put("recoveryTime", 1.44)));

    assertThat(text).contains("with --json").doesNotContain("1.44");
  }

  @Test
  void aFailureWithoutDetailsSaysItsTypeAndMessage() {
    WorkflowWatch.FailureSummary failure =
        new WorkflowWatch.FailureSummary(
            "DATABASE_UNREACHABLE", "cannot connect; check that the server runs");

    String text =
        print(out -> ResultSummary.printFailure(Optional.of(RunKind.BACKUP), out, failure));

    assertThat(text)
        .isEqualTo(
            "  failure  [DATABASE_UNREACHABLE] cannot connect; check that the server runs\n");
  }

  private static RestoreResult restore(VerificationReport verification) {
    return new RestoreResult(
        "orders",
        "orders/2026/12/04/040000.dump.zst",
        T0.minusSeconds(3600),
        "orders",
        "orders_copy",
        SHA,
        5 * 1024 * 1024,
        20 * 1024 * 1024,
        4,
        T0,
        T0.plusMillis(100),
        T0.plusMillis(500),
        T0.plusMillis(1200),
        T0.plusMillis(1540),
        Duration.ofMillis(1440),
        Duration.ofHours(1),
        verification);
  }

  private static VerificationReport verification(List<TableMismatch> mismatches) {
    return new VerificationReport(
        "orders_copy",
        3,
        1200,
        1200,
        mismatches.size(),
        mismatches,
        List.of(new AssertionResult("orders", "select 1", "1", "1", true, null)),
        Duration.ofMillis(200),
        Duration.ofMillis(100),
        T0.plusMillis(1540));
  }

  private static String result(RunKind kind, Object result) {
    return print(out -> ResultSummary.printResult(Optional.of(kind), out, temporal(result)));
  }

  /** The result as Temporal hands it to drd status: through its own JSON. */
  private static JsonNode temporal(Object value) {
    DataConverter converter = DefaultDataConverter.newDefaultInstance();
    return converter.fromPayload(
        converter.toPayload(value).orElseThrow(), JsonNode.class, JsonNode.class);
  }

  private static String print(Consumer<PrintWriter> printer) {
    StringWriter text = new StringWriter();
    printer.accept(new PrintWriter(text));
    return text.toString();
  }
}
