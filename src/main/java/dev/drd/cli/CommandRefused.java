package dev.drd.cli;

/**
 * A command that cannot do what was asked in the state things are in (a failover already runs,
 * nothing waits for approval): nothing was changed, exit code 2, and the message says what to do.
 */
final class CommandRefused extends RuntimeException {
  CommandRefused(String message) {
    super(message);
  }
}
