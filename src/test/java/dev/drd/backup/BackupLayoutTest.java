package dev.drd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupLayoutTest {
  @Test
  void keysFollowTheStorageLayout() {
    BackupKeys keys =
        new BackupLayout("/prod/").keys("orders", Instant.parse("2026-11-24T02:00:05Z"));
    assertThat(keys.dump()).isEqualTo("prod/orders/2026/11/24/20261124T020005Z.dump.zst");
    assertThat(keys.manifest()).isEqualTo("prod/orders/2026/11/24/20261124T020005Z.manifest.json");
    assertThat(new BackupLayout("").keys("orders", Instant.parse("2026-01-02T03:04:05Z")).dump())
        .isEqualTo("orders/2026/01/02/20260102T030405Z.dump.zst");
  }

  @Test
  void theTimestampComesBackFromEitherKey() {
    BackupLayout layout = new BackupLayout("prod");
    Instant at = Instant.parse("2026-11-24T02:00:05Z");
    BackupKeys keys = layout.keys("orders", at);
    assertThat(layout.timestampOf(keys.dump())).contains(at);
    assertThat(layout.timestampOf(keys.manifest())).contains(at);
    assertThat(layout.timestampOf("prod/orders/drills/20261124T020005Z.json")).isEmpty();
    assertThat(layout.timestampOf("prod/orders/2026/11/24/notes.txt")).isEmpty();
  }

  @Test
  void aRunsKeysNameTheRunAndComeBackToOneBackup() {
    BackupLayout layout = new BackupLayout("prod");
    Instant at = Instant.parse("2026-11-24T02:00:05Z");
    BackupKeys keys = layout.keys("orders", at, "1a2b3c4d");
    assertThat(keys.dump()).isEqualTo("prod/orders/2026/11/24/20261124T020005Z-1a2b3c4d.dump.zst");
    assertThat(layout.timestampOf(keys.manifest())).contains(at);
    assertThat(layout.keysOf("orders", keys.manifest())).contains(keys);
    assertThat(BackupLayout.nameOf(keys.dump())).contains("20261124T020005Z-1a2b3c4d");
    assertThat(layout.keysOf("orders", layout.keys("orders", at).dump()))
        .as("a key of a backup taken before keys named their run")
        .contains(layout.keys("orders", at));
  }
}
