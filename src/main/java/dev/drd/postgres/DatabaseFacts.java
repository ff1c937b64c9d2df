package dev.drd.postgres;

import java.util.List;

/**
 * What drd reads about a database before it dumps it.
 *
 * @param tables every table whose data pg_dump writes, with the planner's row estimate
 */
public record DatabaseFacts(
    String serverVersion,
    int serverVersionNum,
    long sizeBytes,
    String lsn,
    boolean inRecovery,
    List<TableRows> tables) {

  public int serverMajor() {
    return serverVersionNum / 10000;
  }
}
