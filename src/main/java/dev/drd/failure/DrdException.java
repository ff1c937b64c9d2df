package dev.drd.failure;

/**
 * A failure of an adapter or runbook step with a type and a message that says what failed and what
 * to do next. Activities surface it as an {@code ApplicationFailure} of the same type.
 */
public class DrdException extends RuntimeException {
  private final FailureType type;

  public DrdException(FailureType type, String message) {
    this(type, message, null);
  }

  public DrdException(FailureType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public FailureType type() {
    return type;
  }
}
