package dev.drd.backup;

import dev.drd.config.TargetConfig;
import java.util.Optional;

/** The backup of a target that a passing drill restored last: retention keeps it at any age. */
@FunctionalInterface
public interface VerifiedBackups {
  /** For backups without drills (tests of the backup alone). */
  VerifiedBackups NONE = target -> Optional.empty();

  /**
   * @return the dump key of the newest backup a drill proved restorable
   */
  Optional<String> newestVerified(TargetConfig target);
}
