package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drd.backup.BackupKeys;
import dev.drd.backup.BackupLayout;
import dev.drd.config.StorageConfig;
import dev.drd.storage.S3ObjectStore;
import dev.drd.testing.Cli;
import dev.drd.testing.StoredBackups;
import dev.drd.testing.TestConfigs;
import dev.drd.testing.TestPostgres;
import dev.drd.testing.TestS3;
import dev.drd.testing.TestTemporal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drd backup verify} on a real pg_dump archive in a real S3 API: nothing is restored. */
class BackupVerifyCommandTest {
  private static TestPostgres pg;
  @TempDir Path dir;

  @BeforeAll
  static void server() {
    pg = TestPostgres.start();
    pg.createDatabase("shop");
    pg.execute(
        "shop",
        "CREATE TABLE orders (id int PRIMARY KEY, note text);"
            + " INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  @Test
  void anIntactBackupIsProvedWithoutRestoringAndADamagedOneIsNamed() throws Exception {
    StorageConfig storage = TestS3.newBucket("");
    Path config =
        TestConfigs.write(
            dir,
            TestConfigs.yaml(
                TestTemporal.target(),
                "verify-test",
                storage,
                TestConfigs.target("shop", pg.host(), pg.port(), "shop", ""),
                ""));
    Instant at = Instant.parse("2026-12-03T10:00:00Z");
    BackupKeys keys = new BackupLayout("").keys("shop", at);
    try (S3ObjectStore store = S3ObjectStore.create(storage)) {
      StoredBackups.putArchive(store, "shop", keys, at, pg.dump("shop"));

      Cli.Run intact =
          Cli.run("backup", "verify", "--target", "shop", "--json", "--config", config.toString());
      Cli.Run human =
          Cli.run("backup", "verify", "--target", "shop", "--config", config.toString());

      assertThat(intact.exitCode()).as(intact.err()).isZero();
      JsonNode doc = new ObjectMapper().readTree(intact.out());
      assertThat(doc.get("key").asText()).isEqualTo(keys.dump());
      assertThat(doc.get("verified").asBoolean()).isTrue();
      assertThat(doc.get("archiveEntries").asInt())
          .as("the table, its data and its key at least")
          .isGreaterThanOrEqualTo(3);
      assertThat(human.out()).contains("is intact", "nothing was restored");

      byte[] object;
      try (var in = store.open(keys.dump())) {
        object = in.readAllBytes();
      }
      object[object.length / 2] ^= 0x5A;
      store.put(keys.dump(), object, "application/zstd");

      Cli.Run damaged =
          Cli.run(
              "backup",
              "verify",
              "--target",
              "shop",
              "--backup",
              keys.dump(),
              "--config",
              config.toString());

      assertThat(damaged.exitCode()).isEqualTo(1);
      assertThat(damaged.err()).contains(keys.dump(), "is damaged", "Nothing was restored");
    }
    assertThat(pg.count("shop", "SELECT count(*) FROM orders")).isEqualTo(5000);
  }
}
