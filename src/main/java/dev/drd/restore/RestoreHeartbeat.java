package dev.drd.restore;

/** Progress of the restore step; {@code summary} is what the CLI shows. */
public record RestoreHeartbeat(String phase, long bytes, int itemsDone, int items, String summary) {
  static final String DOWNLOADING = "downloading";
  static final String RESTORING = "restoring";
  static final String VERIFYING = "verifying";
}
