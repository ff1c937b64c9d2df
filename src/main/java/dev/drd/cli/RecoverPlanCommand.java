package dev.drd.cli;

import dev.drd.config.ConfigLoader;
import dev.drd.config.DrdConfig;
import dev.drd.recover.RecoverPlan;
import dev.drd.recover.RecoverRunbook;
import dev.drd.recover.RecoverRunbookLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Check a database corruption runbook against the config and print the exact steps it would"
          + " take, in order. A dry run: nothing is contacted or changed.",
      "Exit code 2 when the runbook is invalid, naming file, key and problem.",
      "",
      "Example: drd recover plan --runbook runbooks/recover-temporal.yaml"
    })
final class RecoverPlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;
  @Mixin RunbookFileOption runbook;

  @Override
  public Integer call() {
    DrdConfig cfg = config.load().config();
    RecoverRunbook r =
        runbook.load(new RecoverRunbookLoader(ConfigLoader.fromEnvironment(), cfg)::load);
    return PlanPrinter.print(
        spec.commandLine().getOut(),
        json.enabled,
        "recovery of %s from backup %s".formatted(r.target(), r.backup()),
        Json.object()
            .put("workflowId", r.workflowId())
            .put("target", r.target())
            .put("backup", r.backup()),
        RecoverPlan.of(r));
  }
}
