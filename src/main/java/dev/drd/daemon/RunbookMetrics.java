package dev.drd.daemon;

import dev.drd.runbook.RunKind;
import dev.drd.runbook.RunbookProgress;
import dev.drd.temporal.WorkflowIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every runbook's outcome and duration by kind, and the runbooks waiting for a person, read from
 * Temporal's listings. Reading them there, rather than from inside the workflows, counts a runbook
 * whichever daemon ran it and keeps metrics out of replayed code. Runbooks that closed before this
 * daemon started are not counted (a restart would otherwise count old failures again).
 */
public final class RunbookMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunbookMetrics.class);
  private static final int PAGE = 1000;

  /**
   * A runbook still open: its id, and for a failover or recovery what it waits for, if anything.
   */
  public record OpenRunbook(String workflowId, String waitingFor) {}

  private final WorkflowClient client;
  private final String namespace;
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
  private Map<String, Instant> counted;
  private volatile List<OpenRunbook> open = List.of();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("drd runbook metrics").factory());

  public RunbookMetrics(WorkflowClient client, String namespace, MeterRegistry registry) {
    this.client = client;
    this.namespace = namespace;
    this.registry = registry;
    for (RunKind kind : RunKind.values()) {
      if (kind.operated()) {
        for (String what : List.of("approval", "operator")) {
          AtomicInteger count = new AtomicInteger();
          waiting.put(kind.prefix() + "/" + what, count);
          Gauge.builder("drd.runbook.waiting", count, AtomicInteger::get)
              .description(
                  "Runbooks that wait for a person now: for=approval (drd KIND approve) or"
                      + " operator (a failed step: retry, skip or abort)")
              .tags("kind", kind.prefix(), "for", what)
              .register(registry);
        }
      }
    }
  }

  /** Reads the listings now and then every {@code period}. */
  public RunbookMetrics start(Duration period) {
    refresher.scheduleWithFixedDelay(
        () -> {
          try {
            refresh();
          } catch (RuntimeException e) {
            log.debug("cannot read the runbooks' listings now: {}", e.getMessage());
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }

  /** Reads the listings once: counts what closed since the last reading, and what waits. */
  public synchronized void refresh() {
    WorkflowServiceGrpc.WorkflowServiceBlockingStub stub =
        client.getWorkflowServiceStubs().blockingStub();
    countClosed(
        stub.listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(PAGE)
                    .build())
            .getExecutionsList());
    readOpen(
        stub.listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(PAGE)
                    .build())
            .getExecutionsList());
  }

  /** The runbooks open at the last reading, e.g. for a daemon that loses them when it stops. */
  public List<OpenRunbook> open() {
    return open;
  }

  private void countClosed(List<WorkflowExecutionInfo> closed) {
    Map<String, Instant> now = new HashMap<>();
    for (WorkflowExecutionInfo info : closed) {
      Optional<RunKind> kind = RunKind.of(info.getExecution().getWorkflowId());
      if (kind.isEmpty()) {
        continue;
      }
      String run = info.getExecution().getWorkflowId() + "/" + info.getExecution().getRunId();
      Instant closedAt = instant(info.getCloseTime());
      now.put(run, closedAt);
      if (counted != null && !counted.containsKey(run)) {
        record(
            kind.get(),
            WorkflowIds.target(info.getExecution().getWorkflowId()).orElse(""),
            result(info),
            Duration.between(instant(info.getStartTime()), closedAt));
      }
    }
    counted = now;
  }

  /**
   * @param target the target the runbook worked on, empty for a restore or a failover (their ids
   *     name servers or regions)
   */
  void record(RunKind kind, String target, String result, Duration took) {
    Counter.builder("drd.runbook.completed")
        .description(
            "Runbooks that ended, by kind, target (empty for restores and failovers) and result"
                + " (completed, failed, canceled, terminated, timed_out, continued_as_new)")
        .tags("kind", kind.prefix(), "target", target, "result", result)
        .register(registry)
        .increment();
    Timer.builder("drd.runbook.duration")
        .description("Wall time of runbooks that ended, from start to end, by kind and result")
        .tags("kind", kind.prefix(), "target", target, "result", result)
        .register(registry)
        .record(took.isNegative() ? Duration.ZERO : took); // a clock skew between servers
  }

  private void readOpen(List<WorkflowExecutionInfo> infos) {
    Map<String, Integer> counts = new HashMap<>();
    List<OpenRunbook> now = new ArrayList<>();
    for (WorkflowExecutionInfo info : infos) {
      String id = info.getExecution().getWorkflowId();
      Optional<RunKind> kind = RunKind.of(id);
      if (kind.isEmpty()) {
        continue;
      }
      String waitsFor = kind.get().operated() ? waitsFor(id, lastWaitsFor(id)) : null;
      if (waitsFor != null) {
        counts.merge(kind.get().prefix() + "/" + waitsFor, 1, Integer::sum);
      }
      now.add(new OpenRunbook(id, waitsFor));
    }
    waiting.forEach((key, count) -> count.set(counts.getOrDefault(key, 0)));
    open = List.copyOf(now);
  }

  private String lastWaitsFor(String workflowId) {
    return open.stream()
        .filter(r -> r.workflowId().equals(workflowId))
        .map(OpenRunbook::waitingFor)
        .findFirst()
        .orElse(null);
  }

  /**
   * @param before what it waited for at the last reading: kept when the query fails now, so that a
   *     query that times out once does not reset the alert that waits 15 minutes on this gauge
   */
  private String waitsFor(String workflowId, String before) {
    try {
      RunbookProgress p =
          client.newUntypedWorkflowStub(workflowId).query("progress", RunbookProgress.class);
      return switch (p.state()) {
        case AWAITING_APPROVAL -> "approval";
        case WAITING_FOR_OPERATOR -> "operator";
        default -> null;
      };
    } catch (RuntimeException e) {
      log.debug("cannot read the progress of {}: {}", workflowId, e.getMessage());
      return before;
    }
  }

  private static String result(WorkflowExecutionInfo info) {
    return info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
