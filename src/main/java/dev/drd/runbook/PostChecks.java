package dev.drd.runbook;

import java.util.List;

/**
 * What must hold after the runbook ran.
 *
 * @param http URLs that must answer 2xx
 * @param sqlWrite whether to prove the database takes writes (a temporary table)
 */
public record PostChecks(List<HttpCheck> http, Boolean sqlWrite) {
  public PostChecks {
    http = http != null ? List.copyOf(http) : List.of();
    sqlWrite = sqlWrite != null ? sqlWrite : true;
  }
}
