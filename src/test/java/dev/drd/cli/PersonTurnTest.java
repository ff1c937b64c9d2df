package dev.drd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drd.runbook.RunbookProgress;
import dev.drd.runbook.RunbookStatus;
import dev.drd.runbook.StepState;
import dev.drd.runbook.StepStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonTurnTest {
  private static RunbookProgress at(RunbookStatus state, StepStatus promote, int attempts) {
    return new RunbookProgress(
        "failover/east-to-west",
        "east → west",
        state,
        Instant.EPOCH,
        null,
        "bob",
        null,
        null,
        List.of(new StepState("promote", "pg_promote", false, promote, attempts, null, null, "no")),
        null,
        null);
  }

  /**
   * retry --wait returns at the next turn: when the retried step fails again before the command
   * first looks, the runbook never seems to move, and only the attempt tells the turns apart.
   */
  @Test
  void aStepThatFailedAgainIsANewTurn() {
    var first = PersonTurn.key(at(RunbookStatus.WAITING_FOR_OPERATOR, StepStatus.FAILED, 1));
    var again = PersonTurn.key(at(RunbookStatus.WAITING_FOR_OPERATOR, StepStatus.FAILED, 2));
    assertThat(first).isPresent().isNotEqualTo(again);
    assertThat(again).isPresent();
  }

  @Test
  void runningIsNobodysTurnAndAnApprovalIsOne() {
    assertThat(PersonTurn.key(at(RunbookStatus.RUNNING, StepStatus.RUNNING, 2))).isEmpty();
    assertThat(PersonTurn.key(at(RunbookStatus.AWAITING_APPROVAL, StepStatus.PENDING, 0)))
        .contains("AWAITING_APPROVAL");
  }
}
