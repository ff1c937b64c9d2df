package dev.drd.backup;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.postgres.PgTools;
import dev.drd.storage.ObjectStore;
import java.time.Clock;
import java.util.function.Supplier;

/** The backup runbook's activities, each handed to the class that does that job. */
public final class BackupActivitiesImpl implements BackupActivities {
  private final Dump dump;
  private final ManifestWriter manifests;
  private final RetentionSweep retention;
  private final IncompleteBackupDiscard discard;

  /**
   * @param recoveries which corruption recovery runs: a backup is refused while one runs
   */
  public BackupActivitiesImpl(
      DrdConfig config,
      Secrets secrets,
      Supplier<PgTools> tools,
      ObjectStore store,
      BackupMetrics metrics,
      VerifiedBackups verified,
      Clock clock,
      RecoveryInProgress recoveries) {
    BackupLayout layout = new BackupLayout(config.storage().prefix());
    this.dump = new Dump(config, secrets, tools, store, layout, metrics, clock, recoveries);
    this.manifests = new ManifestWriter(store, metrics, clock);
    this.retention =
        new RetentionSweep(
            config, store, layout, new BackupCatalog(store, layout), verified, clock);
    this.discard = new IncompleteBackupDiscard(store);
  }

  @Override
  public DatabaseInspection inspect(InspectRequest request) {
    return dump.inspect(request);
  }

  @Override
  public DumpResult dump(DumpRequest request) {
    return dump.dump(request);
  }

  @Override
  public ManifestResult writeManifest(ManifestRequest request) {
    return manifests.write(request);
  }

  @Override
  public RetentionResult applyRetention(RetentionRequest request) {
    return retention.apply(request);
  }

  @Override
  public DiscardResult discard(DiscardRequest request) {
    return discard.discard(request);
  }
}
