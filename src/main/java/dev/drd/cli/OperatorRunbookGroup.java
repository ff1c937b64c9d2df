package dev.drd.cli;

/**
 * A command whose subcommands drive one kind of operator runbook ({@code failover}, {@code
 * recover}): its name is the first part of the runbooks' workflow ids.
 */
interface OperatorRunbookGroup {
  /** What people call one in messages: a failover, a recovery. */
  String noun();
}
