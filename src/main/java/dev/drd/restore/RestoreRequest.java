package dev.drd.restore;

/**
 * What to restore where.
 *
 * @param backup {@code latest} or a backup's key (the dump's key or its stamp)
 * @param server the configured target whose server receives the restore; null: the target's own
 * @param database the database restored into; new unless {@code replace}
 * @param jobs parallel pg_restore jobs; null: the daemon's restore.jobs
 * @param replace restore over an existing database (pg_restore --clean --if-exists)
 * @param noOwner restore without ownership and privileges (a server without the source's roles)
 */
public record RestoreRequest(
    String target,
    String backup,
    String server,
    String database,
    Integer jobs,
    boolean replace,
    boolean noOwner) {

  public static final String LATEST = "latest";

  public RestoreRequest {
    backup = backup != null ? backup : LATEST;
    server = server != null ? server : target;
  }
}
