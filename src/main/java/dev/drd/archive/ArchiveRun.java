package dev.drd.archive;

/**
 * What one streaming attempt did.
 *
 * @param from where it started streaming (LSN text)
 * @param to how far the archive reached when it ended (LSN text, the partial segment included)
 * @param segments whole segments it uploaded
 * @param ended why it ended: {@code handed over} (its time was up or the daemon stops: the next run
 *     goes on) or {@code not archived} (the target has no archive any more: the archiver ends)
 */
public record ArchiveRun(
    String target, int timeline, String from, String to, int segments, String ended) {
  public static final String HANDED_OVER = "handed over";
  public static final String NOT_ARCHIVED = "not archived";

  public boolean archiverEnds() {
    return NOT_ARCHIVED.equals(ended);
  }
}
