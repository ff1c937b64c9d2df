package dev.drd.backup;

import java.util.List;

/**
 * @param deleted the dump keys of the backups retention removed
 * @param incompleteDeleted dumps without a manifest, left by crashed backups over a day ago
 */
public record RetentionResult(int kept, List<String> deleted, List<String> incompleteDeleted) {}
