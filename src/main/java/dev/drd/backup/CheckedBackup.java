package dev.drd.backup;

/**
 * A complete catalog entry with what its manifest says, or why it cannot be trusted: a manifest
 * that is not readable or does not describe its dump ({@code DAMAGED}), or a time later than now
 * ({@code SUSPICIOUS}: a daemon with a wrong clock, a copied object). Only a usable one is ever
 * chosen as {@code latest}, counted as fresh, or restored.
 *
 * @param manifest null when it could not be read
 * @param problem null when the backup is usable; else {@code DAMAGED: …} or {@code SUSPICIOUS: …}
 */
public record CheckedBackup(CatalogEntry entry, BackupManifest manifest, String problem) {
  public boolean usable() {
    return problem == null;
  }

  /** {@code DAMAGED} or {@code SUSPICIOUS}; {@code OK} when usable. */
  public String condition() {
    return problem == null ? "OK" : problem.substring(0, problem.indexOf(':'));
  }
}
