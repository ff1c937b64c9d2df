package dev.drd.temporal;

import dev.drd.failure.DrdException;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Turns every {@link DrdException} an activity throws into an {@link ApplicationFailure} of its
 * type, non-retryable where retrying cannot help; and counts the activities running, so that
 * shutdown can say what it waits for; names the runbook and its target in the MDC of the activity's
 * log lines.
 */
public final class DrdWorkerInterceptor extends WorkerInterceptorBase {
  public static final String MDC_WORKFLOW_ID = "workflowId";
  public static final String MDC_TARGET = "target";
  private final AtomicInteger running = new AtomicInteger();

  public int runningActivities() {
    return running.get();
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String workflowId;

      @Override
      public void init(ActivityExecutionContext context) {
        workflowId = context.getInfo().getWorkflowId();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        running.incrementAndGet();
        MDC.put(MDC_WORKFLOW_ID, workflowId);
        WorkflowIds.target(workflowId).ifPresent(target -> MDC.put(MDC_TARGET, target));
        try {
          return super.execute(input);
        } catch (DrdException e) {
          throw toFailure(e);
        } finally {
          MDC.remove(MDC_WORKFLOW_ID);
          MDC.remove(MDC_TARGET);
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
