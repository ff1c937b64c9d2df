package dev.drd.cli;

/** drd's exit codes, the same for every command. */
public final class ExitCodes {
  /** The command, and the runbook it ran or watched, did what was asked. */
  public static final int OK = 0;

  /** A runbook failed (or was terminated, timed out, cancelled). */
  public static final int RUNBOOK_FAILED = 1;

  /** Bad usage, bad config, or a setup problem that stopped the command before any runbook. */
  public static final int USAGE = 2;

  /**
   * The runbook waits for a person: an approval, or a retry, skip or abort of a failed step. Every
   * {@code --wait} returns then, with the commands that answer it.
   */
  public static final int WAITS_FOR_PERSON = 3;

  private ExitCodes() {}
}
