package dev.drd.temporal;

import dev.drd.failure.DrdException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns every {@link DrdException} an activity throws into an {@link ApplicationFailure} of its
 * type, non-retryable where retrying cannot help; and counts the activities running, so that
 * shutdown can say what it waits for.
 */
public final class DrdWorkerInterceptor extends WorkerInterceptorBase {
  private final AtomicInteger running = new AtomicInteger();

  public int runningActivities() {
    return running.get();
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        running.incrementAndGet();
        try {
          return super.execute(input);
        } catch (DrdException e) {
          throw toFailure(e);
        } finally {
          running.decrementAndGet();
        }
      }
    };
  }

  public static ApplicationFailure toFailure(DrdException e) {
    return ApplicationFailure.newBuilder()
        .setMessage(e.getMessage())
        .setType(e.type().name())
        .setNonRetryable(!e.type().retryable())
        .build();
  }
}
