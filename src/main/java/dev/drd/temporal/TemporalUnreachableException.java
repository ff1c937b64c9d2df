package dev.drd.temporal;

/** The Temporal service cannot be reached or authenticated to; a setup problem, exit code 2. */
public class TemporalUnreachableException extends RuntimeException {
  public TemporalUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
