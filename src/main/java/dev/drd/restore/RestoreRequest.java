package dev.drd.restore;

import dev.drd.config.SqlAssertion;
import java.util.List;

/**
 * What to restore where.
 *
 * @param backup {@code latest} or a backup's key (the dump's key or its stamp)
 * @param server the configured target whose server receives the restore; null: the target's own
 * @param database the database restored into; new unless {@code replace}
 * @param jobs parallel pg_restore jobs; null: the daemon's restore.jobs
 * @param replace restore over an existing database (pg_restore --clean --if-exists)
 * @param noOwner restore without ownership and privileges (a server without the source's roles)
 * @param assertions checked on the restored database besides the target's own (a runbook's)
 */
public record RestoreRequest(
    String target,
    String backup,
    String server,
    String database,
    Integer jobs,
    boolean replace,
    boolean noOwner,
    List<SqlAssertion> assertions) {

  public static final String LATEST = "latest";

  public RestoreRequest {
    backup = backup != null ? backup : LATEST;
    server = server != null ? server : target;
    assertions = assertions != null ? List.copyOf(assertions) : List.of();
  }

  /** A restore checked with the target's assertions only. */
  public RestoreRequest(
      String target,
      String backup,
      String server,
      String database,
      Integer jobs,
      boolean replace,
      boolean noOwner) {
    this(target, backup, server, database, jobs, replace, noOwner, List.of());
  }
}
