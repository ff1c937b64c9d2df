package dev.drd.temporal;

import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The kinds of work a daemon keeps apart, each on a task queue of its own beside the workflows'
 * queue {@code Q}: operator steps on {@code Q-operator}, data movers on {@code Q-data}, WAL
 * archivers (endless) on {@code Q-stream}. A runbook started with {@link #memo()} (every launcher
 * and CLI command does) routes its activities there; one without it (started before the queues were
 * split, or by a test) keeps them on its own queue, so its history replays as it ran.
 */
public final class WorkQueues {
  /** The kinds, by the suffix of their queue. */
  public enum Kind {
    OPERATOR("operator"),
    DATA("data"),
    STREAM("stream");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }
  }

  private static final String MEMO = "drdWorkQueues";
  private static final String SPLIT = "split";

  private WorkQueues() {}

  /** The queue a kind of activity runs on beside the workflows' queue {@code base}. */
  public static String queue(String base, Kind kind) {
    return base + "-" + kind.suffix;
  }

  /** What a runbook is started with so that its activities go to their kind's queue. */
  public static Map<String, Object> memo() {
    return Map.of(MEMO, SPLIT);
  }

  /** Workflow code: the queue for activities of this kind; null for the workflow's own. */
  public static String forActivities(Kind kind) {
    return split() ? queue(Workflow.getInfo().getTaskQueue(), kind) : null;
  }

  /** Workflow code: the memo a child runbook takes, so that it routes as its parent does. */
  public static Map<String, Object> forChildren() {
    return split() ? memo() : null;
  }

  private static boolean split() {
    return SPLIT.equals(Workflow.getMemo(MEMO, String.class));
  }
}
