package dev.drd.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The runbook a command acts on. Which kind it is comes from the parent command ({@code failover},
 * {@code recover}), which is also its workflow id's first part: {@code temporal} under {@code
 * recover} is short for {@code recover/temporal}.
 */
final class RunbookIdParameter {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Parameters(
      paramLabel = "ID",
      description =
          "The runbook's id as its start printed it, ${PARENT-COMMAND-NAME}/NAME; the"
              + " ${PARENT-COMMAND-NAME}/ prefix may be omitted.")
  String id;

  /** The runbook's command, e.g. {@code failover}: what {@link RunbookClient#open} takes. */
  CommandSpec runbookCommand() {
    return command.parent();
  }

  String workflowId() {
    return RunbookClient.workflowId(command.parent().name(), id);
  }
}
