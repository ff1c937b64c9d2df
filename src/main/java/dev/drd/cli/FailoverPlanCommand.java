package dev.drd.cli;

import dev.drd.config.ConfigLoader;
import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverPlan;
import dev.drd.failover.FailoverRunbook;
import dev.drd.failover.FailoverRunbookLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Check a failover runbook against the config and print the exact steps it would take, in"
          + " order. A dry run: nothing is contacted or changed.",
      "Exit code 2 when the runbook is invalid, naming file, key and problem.",
      "",
      "Example: drd failover plan --runbook runbooks/failover-us-east-to-eu-west.yaml"
    })
final class FailoverPlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin RunbookFileOption runbook;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    FailoverRunbook r =
        runbook.load(new FailoverRunbookLoader(ConfigLoader.fromEnvironment(), cfg)::load);
    return PlanPrinter.print(
        spec.commandLine().getOut(),
        json.enabled,
        "failover %s → %s".formatted(r.from(), r.to()),
        Json.object().put("workflowId", r.workflowId()).put("from", r.from()).put("to", r.to()),
        FailoverPlan.of(r));
  }
}
