package dev.drd.backup;

import java.util.List;

/**
 * @param deleted the dump keys of the backups retention removed
 * @param incompleteDeleted dumps without a manifest, left by crashed backups over a day ago
 * @param uploadsAborted incomplete uploads older than any attempt can run (an S3 outage, a killed
 *     daemon), by key
 */
public record RetentionResult(
    int kept, List<String> deleted, List<String> incompleteDeleted, List<String> uploadsAborted) {
  public RetentionResult {
    uploadsAborted = uploadsAborted == null ? List.of() : List.copyOf(uploadsAborted);
  }

  public RetentionResult(int kept, List<String> deleted, List<String> incompleteDeleted) {
    this(kept, deleted, incompleteDeleted, List.of());
  }
}
