package dev.drd.restore;

import dev.drd.backup.BackupCatalog;
import dev.drd.backup.BackupLayout;
import dev.drd.config.DataSize;
import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.postgres.PgTools;
import dev.drd.storage.ObjectStore;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The restore runbook's activities, each handed to the class that does that job. */
public final class RestoreActivitiesImpl implements RestoreActivities {
  private static final Logger log = LoggerFactory.getLogger(RestoreActivitiesImpl.class);

  private final DrdConfig config;
  private final BackupChoice choice;
  private final BackupObjectCheck objectCheck;
  private final RestoreDestination destination;
  private final StagedRestore staged;
  private final RestoreVerification verification;

  public RestoreActivitiesImpl(
      DrdConfig config, Secrets secrets, Supplier<PgTools> tools, ObjectStore store, Clock clock) {
    BackupCatalog catalog = new BackupCatalog(store, new BackupLayout(config.storage().prefix()));
    this.config = config;
    this.choice = new BackupChoice(catalog, clock);
    this.objectCheck = new BackupObjectCheck(store, clock);
    this.destination = new RestoreDestination(config, secrets);
    this.staged = new StagedRestore(config, tools, store, destination, clock);
    this.verification = new RestoreVerification(config, catalog, destination, clock);
  }

  @Override
  public ResolvedBackup resolve(ResolveRequest request) {
    ResolvedBackup backup =
        choice.resolve(config.requireTarget(request.target()), request.backup());
    log.info(
        "restoring {} of {} (taken {}, {} zstd, {} tables)",
        backup.key(),
        backup.target(),
        backup.takenAt(),
        DataSize.format(backup.bytes()),
        backup.tables());
    return backup;
  }

  @Override
  public String checkBackup(ResolvedBackup backup) {
    return objectCheck.check(backup);
  }

  @Override
  public DestinationCheck checkDestination(DestinationRequest request) {
    return destination.check(request, Activity.getExecutionContext().getInfo().getWorkflowId());
  }

  @Override
  public RestoreStepResult restore(RestoreStepRequest request) {
    return staged.restore(request);
  }

  @Override
  public boolean discard(DiscardRequest request) {
    staged.discard(request.workflowId());
    return destination.dropIfOurs(request);
  }

  @Override
  public VerificationReport verify(VerifyRequest request) {
    return verification.verify(request);
  }
}
