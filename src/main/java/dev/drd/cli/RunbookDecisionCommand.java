package dev.drd.cli;

import dev.drd.runbook.OperatorDecision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drd failover|recover retry|skip|abort ID}: the operator's answer to a failed step. */
abstract class RunbookDecisionCommand extends RunbookUpdateCommand implements Callable<Integer> {
  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who decides, for the record (default: the login name).")
  String by = System.getProperty("user.name");

  abstract String action();

  @Override
  public Integer call() {
    return send(
        action().toLowerCase(),
        "%s requested by %s".formatted(action().toLowerCase(), by),
        "decide",
        new OperatorDecision(action(), by));
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = {
        "Run the failed step again, e.g. after fixing what its message names.",
        "Exit code 2 when no step is waiting for a decision.",
        "",
        "Example: drd ${PARENT-COMMAND-NAME} retry ID --by carol --wait"
      })
  static final class Retry extends RunbookDecisionCommand {
    @Override
    String action() {
      return "RETRY";
    }
  }

  @Command(
      name = "skip",
      mixinStandardHelpOptions = true,
      description = {
        "Mark the failed step skipped and go on with the next one, e.g. after doing it by hand.",
        "Exit code 2 when no step is waiting for a decision.",
        "",
        "Example: drd ${PARENT-COMMAND-NAME} skip ID --by carol --wait"
      })
  static final class Skip extends RunbookDecisionCommand {
    @Override
    String action() {
      return "SKIP";
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the runbook that drd ${PARENT-COMMAND-NAME} start started; what is undone depends"
            + " on how far it got.",
        "A failover: before the promotion, the failed region's services are scaled back to the"
            + " counts they had; after it nothing is undone (a promoted replica cannot be"
            + " demoted): see runbooks/failover.md on failing back.",
        "A recovery: before its keep step ran (nothing renamed, nothing restored), the services"
            + " are scaled back to their recorded counts; after it nothing is undone and the"
            + " services not started again stay stopped: see runbooks/recover.md.",
        "Also stops a runbook that waits for approval. Exit code 2 when it waits for neither.",
        "",
        "Example: drd ${PARENT-COMMAND-NAME} abort ID --by carol"
      })
  static final class Abort extends RunbookDecisionCommand {
    @Override
    String action() {
      return "ABORT";
    }
  }
}
