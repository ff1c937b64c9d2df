package dev.drd.schedule;

/** The shared schedule's database cannot be used at start; a setup problem, exit code 2. */
public class ScheduleStoreUnavailableException extends RuntimeException {
  public ScheduleStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
