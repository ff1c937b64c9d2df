package dev.drd.daemon;

/**
 * The bucket in {@code storage} is missing or refuses drd's credentials: every backup would fail,
 * so the daemon does not start (exit 2) rather than report ready.
 */
public class StorageUnusableException extends RuntimeException {
  public StorageUnusableException(String message, Throwable cause) {
    super(message, cause);
  }
}
