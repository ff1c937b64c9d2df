package dev.drd.backup;

import java.util.Optional;

/** Which corruption recovery replaces a target's database now, if one does. */
@FunctionalInterface
public interface RecoveryInProgress {
  RecoveryInProgress NONE = target -> Optional.empty();

  /** The running recovery's workflow id; asked from inside an activity. */
  Optional<String> of(String target);
}
