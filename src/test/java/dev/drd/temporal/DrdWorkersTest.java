package dev.drd.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.drd.config.WorkerVersioningConfig;
import dev.drd.testing.TestTemporal;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.deployment.v1.WorkerDeploymentOptions;
import io.temporal.api.enums.v1.VersioningBehavior;
import io.temporal.api.enums.v1.WorkerVersioningMode;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon reports its build id: what the worker options say, and what goes over the wire to
 * Temporal in its polls and completed tasks. Temporal's test server routes no task by version (its
 * Worker Deployment calls answer UNIMPLEMENTED), so a versioned worker gets every task there too;
 * routing itself is the real server's.
 */
@Timeout(30)
class DrdWorkersTest {
  private static final AtomicInteger QUEUES = new AtomicInteger();

  private final Requests requests = new Requests();
  private WorkflowServiceStubs stubs;
  private WorkerFactory factory;

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.shutdownNow();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
  }

  @Test
  void withVersioningOffTheWorkerStillNamesItsVersion() {
    io.temporal.worker.WorkerDeploymentOptions options =
        DrdWorkers.workerOptions(versioning(false, "1.4.0", "PINNED")).getDeploymentOptions();

    assertThat(options.getVersion()).isEqualTo(new WorkerDeploymentVersion("drd", "1.4.0"));
    assertThat(options.isUsingVersioning()).isFalse();
  }

  @Test
  void withVersioningOnTheConfiguredBehaviorIsEveryRunbooksDefault() {
    WorkerOptions pinned = DrdWorkers.workerOptions(versioning(true, "1.4.0", "PINNED"));
    WorkerOptions upgrading = DrdWorkers.workerOptions(versioning(true, "1.4.0", "AUTO_UPGRADE"));

    assertThat(pinned.getDeploymentOptions().isUsingVersioning()).isTrue();
    assertThat(pinned.getDeploymentOptions().getDefaultVersioningBehavior())
        .isEqualTo(io.temporal.common.VersioningBehavior.PINNED);
    assertThat(upgrading.getDeploymentOptions().getDefaultVersioningBehavior())
        .isEqualTo(io.temporal.common.VersioningBehavior.AUTO_UPGRADE);
  }

  @Test
  void anUnversionedWorkerReportsItsBuildIdInEveryPollAndRunsRunbooksAsBefore() {
    String result = runOneWorkflow(versioning(false, "1.4.0", "PINNED"));

    assertThat(result).isEqualTo("DONE");
    WorkerDeploymentOptions reported =
        WorkerDeploymentOptions.newBuilder()
            .setDeploymentName("drd")
            .setBuildId("1.4.0")
            .setWorkerVersioningMode(WorkerVersioningMode.WORKER_VERSIONING_MODE_UNVERSIONED)
            .build();
    assertThat(requests.of(PollWorkflowTaskQueueRequest.class))
        .isNotEmpty()
        .allSatisfy(poll -> assertThat(poll.getDeploymentOptions()).isEqualTo(reported));
    assertThat(requests.of(PollActivityTaskQueueRequest.class))
        .isNotEmpty()
        .allSatisfy(poll -> assertThat(poll.getDeploymentOptions()).isEqualTo(reported));
    assertThat(requests.of(RespondWorkflowTaskCompletedRequest.class))
        .isNotEmpty()
        .allSatisfy(done -> {
          assertThat(done.getDeploymentOptions()).isEqualTo(reported);
          assertThat(done.getVersioningBehavior())
              .isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_UNSPECIFIED);
        });
  }

  @Test
  void aVersionedWorkerAsksToBeRoutedByVersionAndPinsTheRunbooksItStarts() {
    String result = runOneWorkflow(versioning(true, "1.5.0", "PINNED"));

    assertThat(result).isEqualTo("DONE");
    assertThat(requests.of(PollWorkflowTaskQueueRequest.class))
        .isNotEmpty()
        .allSatisfy(poll -> {
          assertThat(poll.getDeploymentOptions().getBuildId()).isEqualTo("1.5.0");
          assertThat(poll.getDeploymentOptions().getWorkerVersioningMode())
              .isEqualTo(WorkerVersioningMode.WORKER_VERSIONING_MODE_VERSIONED);
        });
    assertThat(requests.of(RespondWorkflowTaskCompletedRequest.class))
        .isNotEmpty()
        .allSatisfy(done ->
            assertThat(done.getVersioningBehavior())
                .isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED));
  }

  private static WorkerVersioningConfig versioning(
      boolean enabled, String buildId, String behavior) {
    return new WorkerVersioningConfig(enabled, "drd", buildId, behavior);
  }

  /** Runs a workflow with one activity on a worker with these options; returns its result. */
  private String runOneWorkflow(WorkerVersioningConfig versioning) {
    String queue = "versioning-" + QUEUES.incrementAndGet();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(TestTemporal.target())
                .setGrpcClientInterceptors(List.of(requests))
                .build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    factory = WorkerFactory.newInstance(client);
    var worker = factory.newWorker(queue, DrdWorkers.workerOptions(versioning));
    worker.registerWorkflowImplementationTypes(OneStepImpl.class);
    worker.registerActivitiesImplementations((Step) () -> "DONE");
    factory.start();
    return client
        .newWorkflowStub(
            OneStep.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(queue)
                .setWorkflowId(queue)
                .setWorkflowRunTimeout(Duration.ofSeconds(20))
                .build())
        .run();
  }

  @WorkflowInterface
  public interface OneStep {
    @WorkflowMethod
    String run();
  }

  @ActivityInterface(namePrefix = "VersioningTest")
  public interface Step {
    String run();
  }

  public static class OneStepImpl implements OneStep {
    private final Step step =
        Workflow.newActivityStub(
            Step.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String run() {
      return step.run();
    }
  }

  /** Every request the client sends to Temporal, as the server receives it. */
  private static final class Requests implements ClientInterceptor {
    private final List<Object> sent = new CopyOnWriteArrayList<>();

    <T extends Message> List<T> of(Class<T> type) {
      return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void sendMessage(Q message) {
          sent.add(message);
          super.sendMessage(message);
        }
      };
    }
  }
}
