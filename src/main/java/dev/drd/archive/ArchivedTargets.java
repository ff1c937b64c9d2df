package dev.drd.archive;

import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;

/** A target named for base backups and point-in-time restores: it must have an archive. */
final class ArchivedTargets {
  private ArchivedTargets() {}

  static TargetConfig require(DrdConfig config, String name, String what) {
    TargetConfig t = config.requireTarget(name);
    if (!t.archived()) {
      throw new DrdException(
          FailureType.UNKNOWN_TARGET,
          "target %s has no archive: %s needs the WAL archive; add archive: to it in the config"
              .formatted(name, what));
    }
    return t;
  }
}
