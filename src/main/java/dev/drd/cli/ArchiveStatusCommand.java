package dev.drd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.archive.ArchiveStatus;
import dev.drd.archive.ArchiverLauncher;
import dev.drd.archive.BaseBackupManifest;
import dev.drd.archive.BaseBackups;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.TargetConfig;
import dev.drd.storage.S3ObjectStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show each archived server: streaming or not, how far the archive reaches and when that"
          + " was uploaded, the lag behind the server (bytes and seconds), the WAL the replication"
          + " slot keeps on the server, and any gap in the archive.",
      "Streaming means the archiver runs (workflow archive/<target>) and reported within three"
          + " times archive.maxDelay.",
      "",
      "Example: drd archive status --target orders"
    })
final class ArchiveStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Option(
      names = {"-t", "--target"},
      paramLabel = "NAME",
      description = "Only this target (default: every target with archive:).")
  String target;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    List<TargetConfig> targets =
        target != null
            ? List.of(cfg.requireTarget(target))
            : cfg.targets().stream().filter(TargetConfig::archived).toList();
    if (target != null && !targets.get(0).archived()) {
      throw new CommandRefused(
          "target %s has no archive: add archive: to it in the config (and restart the daemons)"
              .formatted(target));
    }
    PrintWriter out = spec.commandLine().getOut();
    ArrayNode servers = Json.MAPPER.createArrayNode();
    try (S3ObjectStore store = S3ObjectStore.create(cfg.storage());
        ClientSession session = ClientSession.open(cfg)) {
      for (TargetConfig t : targets) {
        ObjectNode report =
            report(
                t,
                ArchiveStatus.read(store, cfg.storage().prefix(), t.name()),
                archiver(session, t),
                Instant.now());
        List<BaseBackupManifest> bases =
            BaseBackups.complete(store, cfg.storage().prefix(), t.name());
        report.put("baseBackups", bases.size());
        if (!bases.isEmpty() && report.hasNonNull("archivedAt")) {
          report
              .putObject("recoveryWindow")
              .put("from", bases.get(0).finishedAt().toString())
              .put("fromLsn", bases.get(0).stopLsn())
              .put("to", report.get("archivedAt").asText())
              .put("toLsn", report.get("archivedLsn").asText());
        }
        servers.add(report);
      }
    }
    if (json.enabled) {
      Json.print(out, Json.object().set("servers", servers));
      return ExitCodes.OK;
    }
    if (servers.isEmpty()) {
      out.println("no target has archive: in the config");
    }
    servers.forEach(s -> print(out, (ObjectNode) s));
    out.flush();
    return ExitCodes.OK;
  }

  private static Optional<DescribeWorkflowExecutionResponse> archiver(
      ClientSession session, TargetConfig t) {
    try {
      return Optional.of(
          session.describe(
              WorkflowExecution.newBuilder()
                  .setWorkflowId(ArchiverLauncher.workflowId(t.name()))
                  .build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static ObjectNode report(
      TargetConfig t,
      Optional<ArchiveStatus> status,
      Optional<DescribeWorkflowExecutionResponse> archiver,
      Instant now) {
    ObjectNode doc = Json.object().put("target", t.name());
    boolean running =
        archiver
            .map(d -> d.getWorkflowExecutionInfo().getStatus())
            .filter(s -> s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
            .isPresent();
    Duration fresh = t.archive().maxDelay().multipliedBy(3);
    boolean reporting =
        status
            .map(s -> s.checkedAt() != null && s.checkedAt().plus(fresh).isAfter(now))
            .orElse(false);
    doc.put("streaming", running && reporting);
    doc.put(
        "archiver",
        archiver.isEmpty()
            ? "NOT_STARTED"
            : WorkflowWatch.statusName(archiver.get().getWorkflowExecutionInfo().getStatus()));
    archiver
        .flatMap(d -> WorkflowWatch.steps(d).stream().findFirst())
        .ifPresent(step -> {
          doc.put("attempt", step.attempt());
          if (step.lastFailure() != null && !step.lastFailure().isEmpty()) {
            doc.put("lastFailure", step.lastFailure());
          }
        });
    doc.put("slot", t.archive().slotFor(t.name()));
    doc.put("maxDelay", t.archive().maxDelay().toString());
    status.ifPresent(s -> {
      doc.put("timeline", s.timeline());
      doc.put("systemId", s.systemId());
      doc.put("archivedLsn", s.archivedLsn());
      doc.put("archivedAt", s.archivedAt() == null ? null : s.archivedAt().toString());
      doc.put("wholeSegmentsLsn", s.wholeSegmentsLsn());
      doc.put("serverLsn", s.serverLsn());
      doc.put("lagBytes", s.lagBytes());
      doc.put("lagSeconds", s.lagSeconds());
      doc.put("slotRetainedBytes", s.slotRetainedBytes());
      doc.put("checkedAt", s.checkedAt() == null ? null : s.checkedAt().toString());
      ArrayNode gaps = doc.putArray("gaps");
      s.gaps().forEach(gaps::add);
    });
    doc.putNull("recoveryWindow");
    return doc;
  }

  private static void print(PrintWriter out, ObjectNode s) {
    out.printf(
        "%s: %s (archiver %s%s)%n",
        s.get("target").asText(),
        s.get("streaming").asBoolean() ? "streaming" : "NOT streaming",
        s.get("archiver").asText(),
        s.has("attempt") && s.get("attempt").asInt() > 1
            ? ", attempt " + s.get("attempt").asInt()
            : "");
    if (s.has("lastFailure")) {
      out.printf("  last failure   %s%n", s.get("lastFailure").asText());
    }
    if (!s.has("timeline")) {
      out.printf(
          "  archive        empty: nothing archived yet (slot %s)%n", s.get("slot").asText());
      return;
    }
    out.printf(
        "  archived to    %s (timeline %d), uploaded %s%n",
        s.get("archivedLsn").asText("-"),
        s.get("timeline").asInt(),
        s.get("archivedAt").asText("never"));
    out.printf(
        "  lag            %s not yet archived, the oldest for %.1f s (server at %s, checked %s)%n",
        DataSize.format(s.get("lagBytes").asLong()),
        s.get("lagSeconds").asDouble(),
        s.get("serverLsn").asText("-"),
        s.get("checkedAt").asText("never"));
    out.printf(
        "  slot           %s keeps %s of WAL on the server%n",
        s.get("slot").asText(), DataSize.format(s.get("slotRetainedBytes").asLong()));
    if (!s.get("gaps").isEmpty()) {
      out.printf(
          "  GAPS           %s: points in time inside them cannot be restored%n",
          s.get("gaps").toString());
    }
    if (s.get("baseBackups").asInt() == 0) {
      out.printf(
          "  base backups   none yet: a point-in-time restore needs one (drd archive backup)%n");
    } else {
      JsonNode window = s.get("recoveryWindow");
      out.printf(
          "  base backups   %d; recovery window %s%n",
          s.get("baseBackups").asInt(),
          window.isNull()
              ? "none yet"
              : "%s (%s) to %s (%s)"
                  .formatted(
                      window.get("from").asText(),
                      window.get("fromLsn").asText(),
                      window.get("to").asText(),
                      window.get("toLsn").asText()));
    }
  }
}
