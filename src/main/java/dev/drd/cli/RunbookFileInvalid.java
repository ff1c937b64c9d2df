package dev.drd.cli;

/**
 * A runbook file that cannot be run as it is, or one of the other kind: nothing was started, exit
 * code 2, and {@code next} says how to check it again.
 */
final class RunbookFileInvalid extends RuntimeException {
  private final String next;

  RunbookFileInvalid(String message, String next) {
    super(message);
    this.next = next;
  }

  String next() {
    return next;
  }
}
