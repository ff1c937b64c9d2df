package dev.drd.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.backup.BackupKeys;
import dev.drd.backup.BackupLayout;
import dev.drd.config.ConfigLoader;
import dev.drd.config.ConfigSource;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.StorageConfig;
import dev.drd.postgres.PgTools;
import dev.drd.restore.ResolveRequest;
import dev.drd.restore.ResolvedBackup;
import dev.drd.restore.RestoreActivities;
import dev.drd.restore.RestoreActivitiesImpl;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Cli;
import dev.drd.testing.StoredBackups;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, cases 5 and 6, on a real S3 API: one bad object (a manifest that is not JSON, one that
 * describes another object, a backup stamped in the future) must neither hide the catalog nor
 * become the latest backup.
 */
class CatalogFaultsTest {
  private final StorageConfig storage = TestS3.newBucket("");
  private final BackupLayout layout = new BackupLayout("");
  private Path config;
  private final Instant goodAt =
      Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void bucket() throws Exception {
    Path dir = Files.createTempDirectory("drd-catalog-");
    config =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                TestTemporal.target(),
                "catalog-test",
                storage,
                TestConfigs.target("orders", "127.0.0.1", 5432, "db", "objectives: { rpo: 1h }"),
                ""));
    try (S3ObjectStore store = S3ObjectStore.create(storage)) {
      StoredBackups.put(store, "orders", layout.keys("orders", goodAt, "00000001"), goodAt);
      BackupKeys notJson = layout.keys("orders", goodAt.plus(Duration.ofMinutes(10)), "00000002");
      store.put(notJson.dump(), "dump".getBytes(StandardCharsets.UTF_8), "application/zstd");
      store.put(
          notJson.manifest(), "{ not json".getBytes(StandardCharsets.UTF_8), "application/json");
      BackupKeys other = layout.keys("orders", goodAt.plus(Duration.ofMinutes(20)), "00000003");
      byte[] dump = "other".getBytes(StandardCharsets.UTF_8);
      store.put(other.dump(), dump, "application/zstd");
      store.put(
          other.manifest(),
          StoredBackups.manifest(
                  "orders", notJson.dump(), dump, goodAt.plus(Duration.ofMinutes(20)))
              .toJson(),
          "application/json");
      Instant future = Instant.parse("2031-01-01T00:00:00Z");
      StoredBackups.put(store, "orders", layout.keys("orders", future, "00000004"), future);
    }
  }

  @Test
  void damagedAndFutureBackupsAreListedWithTheirReasonAndNeverChosen() throws Exception {
    Cli.Run list = Cli.run("backup", "list", "--target", "orders", "--config", config.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("1 backup of orders", layout.keys("orders", goodAt, "00000001").dump())
        .contains("DAMAGED", "cannot be read", "describes another object")
        .contains("SUSPICIOUS", "stamped 2031-01-01T00:00:00Z, later than now");

    JsonNode json =
        new ObjectMapper()
            .readTree(
                Cli.run(
                        "backup",
                        "list",
                        "--target",
                        "orders",
                        "--json",
                        "--config",
                        config.toString())
                    .out());
    assertThat(json.get("backups")).hasSize(1);
    assertThat(json.get("damaged").findValuesAsText("condition"))
        .containsExactlyInAnyOrder("DAMAGED", "DAMAGED", "SUSPICIOUS");

    JsonNode status =
        new ObjectMapper()
            .readTree(
                Cli.run("status", "--targets", "--json", "--config", config.toString()).out());
    JsonNode orders = status.get("targets").get(0);
    assertThat(orders.get("newestBackup").asText()).isEqualTo(goodAt.toString());
    assertThat(orders.get("newestBackupAgeSeconds").asLong()).isBetween(1_700L, 1_900L);

    ResolvedBackup latest = resolveLatest();
    assertThat(latest.key()).isEqualTo(layout.keys("orders", goodAt, "00000001").dump());
  }

  private ResolvedBackup resolveLatest() {
    DrdConfig cfg = new ConfigLoader(Map.of()).load(new ConfigSource("test", readConfig()));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (S3ObjectStore store = S3ObjectStore.create(storage)) {
      env.registerActivitiesImplementations(
          new RestoreActivitiesImpl(
              cfg,
              new Secrets(Map.of()),
              () -> PgTools.locate(Optional.empty()),
              store,
              Clock.systemUTC()));
      RestoreActivities activities =
          env.newActivityStub(
              RestoreActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      return activities.resolve(new ResolveRequest("orders", "latest"));
    } finally {
      env.close();
    }
  }

  private String readConfig() {
    try {
      return Files.readString(config);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
