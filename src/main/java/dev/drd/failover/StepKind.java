package dev.drd.failover;

import dev.drd.runbook.PlannedStep;

/** What a failover step does; {@link PlannedStep#index} says to which item of the runbook. */
public enum StepKind {
  PREFLIGHT,
  APPROVAL,
  SCALE_DOWN,
  FENCE,
  PROMOTE,
  SWITCH_DNS,
  SCALE_UP,
  HTTP_CHECK,
  SQL_CHECK
}
