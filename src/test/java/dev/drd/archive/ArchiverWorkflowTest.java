package dev.drd.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.drd.temporal.WorkQueues;
import dev.drd.testing.Poll;
import dev.drd.testing.TestWorkflows;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The archiver's workflow: streams, hands over, continues as new; ends only when told. */
class ArchiverWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflows.extension(ArchiverWorkflowImpl.class);

  /** Hands over {@code handOvers} times, then finds the target no longer archived. */
  static final class FakeArchiver implements ArchiverActivities {
    final AtomicInteger runs = new AtomicInteger();
    final List<String> queues = new CopyOnWriteArrayList<>();
    int handOvers = 2;
    boolean untilCancelled;

    @Override
    public ArchiveRun stream(ArchiveRequest request) {
      queues.add(Activity.getExecutionContext().getInfo().getActivityTaskQueue());
      if (untilCancelled) {
        while (true) {
          Activity.getExecutionContext().heartbeat(null);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      int run = runs.incrementAndGet();
      return new ArchiveRun(
          request.target(),
          1,
          "0/1000000",
          "0/2000000",
          1,
          run <= handOvers ? ArchiveRun.HANDED_OVER : ArchiveRun.NOT_ARCHIVED);
    }
  }

  private static WorkflowStub start(WorkflowClient client, Worker worker) {
    new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
        .start("orders", Duration.ofHours(1));
    return client.newUntypedWorkflowStub(ArchiverLauncher.workflowId("orders"));
  }

  @Test
  void streamsOnTheStreamersQueueAndContinuesAsNewUntilTheTargetIsNoLongerArchived(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    FakeArchiver fake = new FakeArchiver();
    TestWorkflows.activitiesOnEveryQueue(env, worker, fake);
    env.start();
    String firstRun =
        new ArchiverLauncher(client, worker.getTaskQueue(), List.of())
            .start("orders", Duration.ofHours(1))
            .getRunId();

    ArchiveRun last = client.newUntypedWorkflowStub("archive/orders").getResult(ArchiveRun.class);

    assertThat(last.archiverEnds()).isTrue();
    assertThat(fake.runs).hasValue(3);
    assertThat(fake.queues)
        .containsOnly(WorkQueues.queue(worker.getTaskQueue(), WorkQueues.Kind.STREAM));
    WorkflowExecutionHistory handedOver = client.fetchHistory("archive/orders", firstRun);
    assertThat(handedOver.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    record(handedOver, "archive-handed-over.json");
    record(client.fetchHistory("archive/orders"), "archive-not-archived.json");
  }

  @Test
  void aCancelledArchiverStopsStreaming(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    FakeArchiver fake = new FakeArchiver();
    fake.untilCancelled = true;
    TestWorkflows.activitiesOnEveryQueue(env, worker, fake);
    env.start();
    WorkflowStub archiver = start(client, worker);
    Poll.until(Duration.ofSeconds(10), () -> "no attempt started", () -> !fake.queues.isEmpty());

    archiver.cancel();

    WorkflowFailedException e =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> archiver.getResult(ArchiveRun.class));
    assertThat(e.getCause()).isInstanceOf(CanceledFailure.class);
    record(client.fetchHistory("archive/orders"), "archive-cancelled.json");
  }

  private static void record(WorkflowExecutionHistory history, String name) throws Exception {
    Path out = Path.of("target", "histories", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, history.toJson(true));
  }
}
