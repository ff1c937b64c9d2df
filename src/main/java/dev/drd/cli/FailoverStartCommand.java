package dev.drd.cli;

import dev.drd.config.ConfigLoader;
import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverLauncher;
import dev.drd.failover.FailoverPreflight;
import dev.drd.failover.FailoverRequest;
import dev.drd.failover.FailoverRunbook;
import dev.drd.failover.FailoverRunbookLoader;
import dev.drd.runbook.RunbookProgress;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.io.PrintWriter;
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
          + " 2 when the runbook is invalid or a failover of this pair already runs."
    })
final class FailoverStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin RunbookFileOption runbook;

  @Option(
      names = {"-y", "--yes"},
      description = "Approve now: no waiting for drd failover approve (recorded as --yes).")
  boolean yes;

  @Option(
      names = "--force",
      paramLabel = "CHECK",
      description =
          "Go on although this preflight check fails (repeatable), e.g. --force replica-lag when"
              + " the old primary is gone and some data loss is accepted.")
  List<String> force = new ArrayList<>();

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who starts it, for the record (default: the login name).")
  String by = System.getProperty("user.name");

  @Option(names = "--wait", description = "Follow the failover to its end on stderr.")
  boolean await;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DrdConfig cfg = config.load().config();
    FailoverRunbook r =
        new FailoverRunbookLoader(ConfigLoader.fromEnvironment(), cfg).load(runbook.source());
    List<String> known = FailoverPreflight.checkNames(r);
    for (String name : force) {
      if (!known.contains(name)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--force %s: this runbook's preflight has no such check; it has: %s"
                .formatted(name, String.join(", ", known)));
      }
    }
    try (RunbookClient client = RunbookClient.open(cfg, spec.parent().name())) {
      String id;
      try {
        id =
            new FailoverLauncher(client.session().client(), cfg.temporal().taskQueue())
                .start(new FailoverRequest(r, yes, force, by))
                .getWorkflowId();
      } catch (WorkflowExecutionAlreadyStarted e) {
        throw client.alreadyRunning(e);
      }
      err.printf("started failover %s → %s (%s) by %s%n", r.from(), r.to(), id, by);
      err.flush();
      RunbookProgress p =
          new RunbookWatch(client, err, null)
              .follow(id, now -> !await && !now.state().equals("PREFLIGHT"));
      if (!p.finished()) {
        if (json.enabled) {
          Json.print(out, Json.MAPPER.valueToTree(p));
        } else {
          out.println(id);
          out.flush();
          err.printf("follow it with: drd failover status %s --watch%n", id);
          err.flush();
        }
        return ExitCodes.OK;
      }
      return RunbookReport.print(out, json.enabled, p, client.timings(p));
    }
  }
}
