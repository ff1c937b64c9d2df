package dev.drd.postgres;

/** What a user is told when a database has more tables than the server's lock table holds. */
public final class LockTable {
  public static final String ADVICE =
      ". A backup locks every table of the database twice until it ends (drd's snapshot session"
          + " and pg_dump), and the server's lock table (max_locks_per_transaction ×"
          + " (max_connections + max_prepared_transactions) entries) has no room for them all:"
          + " raise max_locks_per_transaction above 2 × tables ÷ max_connections (e.g. ALTER"
          + " SYSTEM SET max_locks_per_transaction = 2048), restart the server and back up again";

  private LockTable() {}

  /** Whether a server error says its lock table is full. */
  public static boolean isFull(String message) {
    return message != null && message.contains("max_locks_per_transaction");
  }
}
