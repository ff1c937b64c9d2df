package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.config.DrdConfig;
import dev.drd.failover.FailoverPlan;
import dev.drd.failover.FailoverRunbook;
import dev.drd.failover.PlannedStep;
import java.io.PrintWriter;
import java.util.List;
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
      "Exit code 2 when the runbook is invalid, naming file, key and problem."
    })
final class FailoverPlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin JsonOption json;

  @Mixin FailoverRunbookOption runbook;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DrdConfig cfg = config.load().config();
    FailoverRunbook r = runbook.load(cfg);
    List<PlannedStep> steps = FailoverPlan.of(r);
    if (json.enabled) {
      ObjectNode doc =
          Json.object().put("workflowId", r.workflowId()).put("from", r.from()).put("to", r.to());
      doc.set("steps", Json.MAPPER.valueToTree(steps));
      Json.print(out, doc);
      return ExitCodes.OK;
    }
    out.printf(
        "failover %s → %s (workflow id %s), %d steps:%n",
        r.from(), r.to(), r.workflowId(), steps.size());
    for (int i = 0; i < steps.size(); i++) {
      PlannedStep s = steps.get(i);
      out.printf(
          "  %2d. %-11s %s%s%n",
          i + 1, s.step(), s.detail(), s.bestEffort() ? "  [best effort]" : "");
    }
    out.println("Nothing was contacted or changed.");
    out.flush();
    return ExitCodes.OK;
  }
}
