package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;

/** Turns what pg_dump or pg_restore said when it failed into a failure that says what to do. */
final class ToolFailures {
  private ToolFailures() {}

  static DrdException classify(String tool, PostgresEndpoint endpoint, String exit, String said) {
    String message =
        "%s on %s failed (exit %s): %s".formatted(tool, endpoint.describe(), exit, said);
    FailureType type;
    if (said.contains("password authentication failed") || said.contains("no pg_hba.conf entry")) {
      type = FailureType.BAD_CREDENTIALS;
    } else if (said.contains("permission denied")) {
      type = FailureType.INSUFFICIENT_PRIVILEGES;
      message +=
          tool.equals("pg_dump")
              ? ". Grant the backup user read access (e.g. the pg_read_all_data role)"
              : ". The restoring user needs CREATEDB, or ownership of the database restored into;"
                  + " or restore with --no-owner";
    } else if (said.contains("read-only transaction")) {
      type = FailureType.SERVER_READ_ONLY;
      message += ". The server refuses writes (a standby, or default_transaction_read_only is on)";
    } else if (said.contains("role") && said.contains("does not exist")) {
      type = FailureType.DATABASE_REFUSED;
      message += ". Create the role, or restore with --no-owner";
    } else if (LockTable.isFull(said)) {
      type = FailureType.DATABASE_REFUSED;
      message += LockTable.ADVICE;
    } else if (said.contains("server version mismatch") || said.contains("unsupported version")) {
      type = FailureType.TOOL_INCOMPATIBLE;
      message += ". Install newer client programs and set postgres.binDir";
    } else if (said.contains("does not exist") && said.contains("database")) {
      type = FailureType.DATABASE_NOT_FOUND;
    } else if (said.contains("connection to server") || said.contains("could not connect")) {
      type = FailureType.DATABASE_UNREACHABLE;
    } else if (said.contains("server closed the connection unexpectedly")
        || said.contains("terminating connection")) {
      type = FailureType.DATABASE_UNREACHABLE;
      message +=
          ". The server ended the connection midway: check its log for a crash, a restart or a"
              + " terminated backend";
    } else {
      type = tool.equals("pg_dump") ? FailureType.DUMP_FAILED : FailureType.RESTORE_FAILED;
    }
    return new DrdException(type, message);
  }
}
