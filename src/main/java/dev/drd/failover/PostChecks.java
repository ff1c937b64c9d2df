package dev.drd.failover;

import java.util.List;

/**
 * What must hold after the failover.
 *
 * @param http URLs that must answer 2xx
 * @param sqlWrite whether to prove the promoted database takes writes (a temporary table)
 */
public record PostChecks(List<HttpCheck> http, Boolean sqlWrite) {
  public PostChecks {
    http = http != null ? List.copyOf(http) : List.of();
    sqlWrite = sqlWrite != null ? sqlWrite : true;
  }
}
