package dev.drd.daemon.dev;

/** Dev mode cannot start: a port is taken, a program is missing. Exit code 2. */
public class DevModeException extends RuntimeException {
  public DevModeException(String message, Throwable cause) {
    super(message, cause);
  }
}
