package dev.drd.recover;

import dev.drd.config.VerifyPolicy;
import dev.drd.runbook.Approval;
import dev.drd.runbook.PostChecks;
import dev.drd.runbook.ScaleStep;
import java.time.Duration;

/**
 * A "database corruption" runbook file: stop the services that write to a target's database, keep
 * the corrupt database under a new name, restore a backup into the original name, verify it, start
 * the services again. It holds names, never secrets.
 *
 * @param target the config target whose database is corrupt
 * @param backup {@code latest} (the newest backup with a manifest), a key or a stamp
 * @param services what writes to the database: scaled to 0 first, back to the counts they had after
 *     verification
 * @param sessions how long to wait for the database's remaining client sessions to end before
 *     ending them
 * @param verify assertions on the restored database, on top of the target's own and the row counts
 *     of the manifest
 * @param at a point in time to restore the database to from the WAL archive instead of a backup
 *     (e.g. just before a bad migration), as {@code drd restore run --at} takes it; null: the
 *     backup
 */
public record RecoverRunbook(
    String target,
    String backup,
    Approval approval,
    ScaleStep services,
    SessionDrain sessions,
    VerifyPolicy verify,
    PostChecks postChecks,
    String at) {

  public static final String LATEST = "latest";

  public RecoverRunbook {
    backup = backup != null ? backup : LATEST;
    approval = approval != null ? approval : new Approval(null, null);
    services = services != null ? services : new ScaleStep(null, null);
    sessions = sessions != null ? sessions : new SessionDrain(null);
    verify = verify != null ? verify : new VerifyPolicy(null);
    postChecks = postChecks != null ? postChecks : new PostChecks(null, null);
  }

  public RecoverRunbook(
      String target,
      String backup,
      Approval approval,
      ScaleStep services,
      SessionDrain sessions,
      VerifyPolicy verify,
      PostChecks postChecks) {
    this(target, backup, approval, services, sessions, verify, postChecks, null);
  }

  /** The same runbook with another backup, e.g. from {@code --backup}. */
  public RecoverRunbook withBackup(String other) {
    return new RecoverRunbook(
        target, other, approval, services, sessions, verify, postChecks, null);
  }

  /** The same runbook restoring to a point in time of the archive, from {@code --at}. */
  public RecoverRunbook withAt(String point) {
    return new RecoverRunbook(
        target, backup, approval, services, sessions, verify, postChecks, point);
  }

  /** What is restored: {@code backup <key>} or {@code the archive at <point>}. */
  public String source() {
    return at != null ? "the WAL archive at " + at : "backup " + backup;
  }

  /** {@code recover/<target>}: one recovery of a database at a time. */
  public String workflowId() {
    return workflowId(target);
  }

  public static String workflowId(String target) {
    return "recover/" + target;
  }

  /**
   * @param timeout how long clients may take to let go of the database; then they are ended
   */
  public record SessionDrain(Duration timeout) {
    public SessionDrain {
      timeout = timeout != null ? timeout : Duration.ofMinutes(2);
    }
  }
}
