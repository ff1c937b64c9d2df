package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.postgres.Postgres;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.storage.S3ObjectStore;
import dev.drd.temporal.TemporalConnection;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a config without starting anything: every key, and the secrets and files it"
          + " names (environment variables set, files readable), as drd serve would. Nothing is"
          + " reached unless --connect: then Temporal, the bucket and every target's database.",
      "Exit 0 when it is good, 2 when the config is not (each problem named with its key), 1"
          + " when --connect could not reach something.",
      "",
      "Example:  drd config check --config /etc/drd/drd.yaml --connect"
    })
final class ConfigCheckCommand implements Callable<Integer> {
  private static final Duration REACH = Duration.ofSeconds(10);

  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Option(names = "--connect", description = "Also reach Temporal, the bucket and the databases.")
  boolean connect;

  /** One thing reached, and what it said. */
  private record Reached(String what, boolean ok, String detail) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ConfigOption.Loaded loaded = config.load();
    DrdConfig cfg = loaded.config();
    loaded.loader().checkDaemonNeeds(loaded.source(), cfg);
    List<Reached> reached = connect ? reach(cfg) : List.of();
    boolean ok = reached.stream().allMatch(Reached::ok);
    if (json.enabled) {
      ObjectNode doc =
          Json.object()
              .put("config", loaded.source().name())
              .put("valid", true)
              .put("temporal", cfg.temporal().target())
              .put("taskQueue", cfg.temporal().taskQueue())
              .put("bucket", cfg.storage().bucket());
      ArrayNode targets = doc.putArray("targets");
      cfg.targets().forEach(t -> targets.add(t.name()));
      if (connect) {
        ArrayNode checks = doc.putArray("reached");
        reached.forEach(r ->
            checks.add(
                Json.object().put("what", r.what()).put("ok", r.ok()).put("detail", r.detail())));
      }
      Json.print(out, doc);
    } else {
      out.printf(
          "%s is valid: %d target%s (%s), bucket %s, Temporal %s (task queue %s); every secret"
              + " and file it names is there%n",
          loaded.source().name(),
          cfg.targets().size(),
          cfg.targets().size() == 1 ? "" : "s",
          String.join(", ", cfg.targets().stream().map(TargetConfig::name).toList()),
          cfg.storage().bucket(),
          cfg.temporal().target(),
          cfg.temporal().taskQueue());
      for (Reached r : reached) {
        out.printf("  %-4s %-28s %s%n", r.ok() ? "ok" : "FAIL", r.what(), r.detail());
      }
      if (!connect) {
        out.println(
            "nothing was reached; --connect reaches Temporal, the bucket and the databases");
      }
      out.flush();
    }
    return ok ? ExitCodes.OK : ExitCodes.RUNBOOK_FAILED;
  }

  private static List<Reached> reach(DrdConfig cfg) {
    List<Reached> reached = new ArrayList<>();
    reached.add(
        attempt(
            "temporal " + cfg.temporal().target(),
            () -> {
              try (TemporalConnection c = TemporalConnection.connect(cfg.temporal(), null, REACH)) {
                return "answers (namespace %s)".formatted(cfg.temporal().namespace());
              }
            }));
    reached.add(
        attempt(
            "bucket " + cfg.storage().bucket(),
            () -> {
              try (S3ObjectStore store = S3ObjectStore.create(cfg.storage())) {
                store.checkAccess(cfg.storage().prefix() == null ? "" : cfg.storage().prefix());
                return "listed";
              }
            }));
    Secrets secrets = Secrets.fromEnvironment();
    for (TargetConfig t : cfg.targets()) {
      PostgresEndpoint db = PostgresEndpoint.of(t, secrets);
      reached.add(
          attempt(
              "target " + t.name(),
              () -> {
                try (Connection c = Postgres.connect(db, "drd config check")) {
                  return "connected to %s as %s".formatted(db.describe(), db.user());
                }
              }));
    }
    return reached;
  }

  private static Reached attempt(String what, Checked<String> check) {
    try {
      return new Reached(what, true, check.get());
    } catch (Exception e) {
      return new Reached(what, false, String.valueOf(e.getMessage()));
    }
  }

  @FunctionalInterface
  private interface Checked<T> {
    T get() throws Exception;
  }
}
