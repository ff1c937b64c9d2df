package dev.drd.cli;

import dev.drd.config.ConfigLoader;
import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverPreflight;
import dev.drd.failover.FailoverRequest;
import dev.drd.failover.FailoverRunbook;
import dev.drd.failover.FailoverRunbookLoader;
import dev.drd.failover.FailoverWorkflow;
import dev.drd.runbook.OperatorRunbooks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a regional failover: the steps drd failover plan prints, as one durable workflow"
          + " (id failover/<from>-to-<to>; a second start while one runs is refused).",
      "It runs the preflight (read-only) and returns once the failover waits for approval or"
          + " runs; with --wait it follows it to the end. A failed step waits for"
          + " drd failover retry|skip|abort.",
      "Exit code 0 when started (or, with --wait, completed), 1 when it failed or was aborted,"
          + " 3 (with --wait) when it waits for a person: an approval, or a decision on a failed"
          + " step; the commands that answer it are printed,"
          + " 2 when the runbook is invalid or a failover of this pair already runs.",
      "",
      "Example: drd failover start --runbook runbooks/failover-us-east-to-eu-west.yaml --wait"
    })
final class FailoverStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin RunbookFileOption runbook;

  @Option(
      names = "--force",
      paramLabel = "CHECK",
      description =
          "Go on although this preflight check fails (repeatable), e.g. --force replica-lag when"
              + " the old primary is gone and some data loss is accepted.")
  List<String> force = new ArrayList<>();

  @Mixin RunbookStart start;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    FailoverRunbook r =
        runbook.load(new FailoverRunbookLoader(ConfigLoader.fromEnvironment(), cfg)::load);
    List<String> known = FailoverPreflight.checkNames(r);
    for (String name : force) {
      if (!known.contains(name)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--force %s: this runbook's preflight has no such check; it has: %s"
                .formatted(name, String.join(", ", known)));
      }
    }
    return start.start(
        cfg,
        json.enabled,
        "failover %s → %s".formatted(r.from(), r.to()),
        client ->
            OperatorRunbooks.start(
                client,
                cfg.temporal().taskQueue(),
                FailoverWorkflow.class,
                r.workflowId(),
                w -> w::run,
                new FailoverRequest(r, start.yes, force, start.by)));
  }
}
