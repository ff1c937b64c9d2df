package dev.drd.backup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * Where in the jitter window a target's scheduled backups start: the same offset on every daemon
 * and every day (from the target's name), different between targets, so that 200 backups due at
 * 02:00 spread over the window instead of starting together.
 */
public final class Jitter {
  private Jitter() {}

  public static Duration delay(String target, Duration window) {
    if (window.isZero() || window.isNegative()) {
      return Duration.ZERO;
    }
    CRC32 crc = new CRC32();
    crc.update(target.getBytes(StandardCharsets.UTF_8));
    return Duration.ofMillis(crc.getValue() % window.toMillis());
  }
}
