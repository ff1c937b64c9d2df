package dev.drd.temporal;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.Optional;

/** Reading the failures Temporal hands a workflow. */
public final class Failures {
  private Failures() {}

  /** The message of the innermost cause: what actually went wrong. */
  public static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof TemporalFailure tf ? tf.getOriginalMessage() : t.getMessage();
  }

  /** The innermost application failure: its type is a FailureType name. */
  public static Optional<ApplicationFailure> application(Throwable failure) {
    ApplicationFailure found = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        found = app;
      }
    }
    return Optional.ofNullable(found);
  }
}
