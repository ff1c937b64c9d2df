package dev.drd.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drd.runbook.PlannedStep;
import java.io.PrintWriter;
import java.util.List;

/** What {@code drd failover plan} and {@code drd recover plan} print: the steps, in order. */
final class PlanPrinter {
  private PlanPrinter() {}

  /**
   * @param title e.g. {@code failover us-east → eu-west}
   * @param document the JSON document's fields besides the steps
   */
  static int print(
      PrintWriter out,
      boolean json,
      String title,
      ObjectNode document,
      List<? extends PlannedStep<?>> steps) {
    if (json) {
      document.set("steps", Json.MAPPER.valueToTree(steps));
      Json.print(out, document);
      return ExitCodes.OK;
    }
    out.printf(
        "%s (workflow id %s), %d steps:%n",
        title, document.get("workflowId").asText(), steps.size());
    for (int i = 0; i < steps.size(); i++) {
      PlannedStep<?> s = steps.get(i);
      out.printf(
          "  %2d. %-11s %s%s%n",
          i + 1, s.step(), s.detail(), s.bestEffort() ? "  [best effort]" : "");
    }
    out.println("Nothing was contacted or changed.");
    out.flush();
    return ExitCodes.OK;
  }
}
