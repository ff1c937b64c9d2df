package dev.drd.archive;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.storage.ObjectStore;
import dev.drd.temporal.AttemptLease;
import io.temporal.activity.Activity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

public class ArchiverActivitiesImpl implements ArchiverActivities {
  private final DrdConfig config;
  private final Secrets secrets;
  private final ObjectStore store;
  private final WalLayout layout;
  private final Clock clock;
  private final ArchiveMetrics metrics;
  private volatile boolean stopping;

  public ArchiverActivitiesImpl(
      DrdConfig config, Secrets secrets, ObjectStore store, Clock clock, ArchiveMetrics metrics) {
    this.config = config;
    this.secrets = secrets;
    this.store = store;
    this.layout = new WalLayout(config.storage().prefix());
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * The daemon stops: every archiver uploads what it holds and hands over at once, so that another
   * daemon (or this one, restarted) goes on from there.
   */
  public void handOver() {
    stopping = true;
  }

  @Override
  public ArchiveRun stream(ArchiveRequest request) {
    Optional<TargetConfig> target = config.target(request.target()).filter(TargetConfig::archived);
    if (target.isEmpty()) {
      return new ArchiveRun(request.target(), 0, null, null, 0, ArchiveRun.NOT_ARCHIVED);
    }
    TargetConfig t = target.get();
    WalArchiver archiver =
        new WalArchiver(
            t,
            PostgresEndpoint.of(t.name(), t.archiveConnection(), secrets),
            // the cluster-wide questions go to the maintenance database, so that the archiver never
            // holds a session on the target's database (a recovery renames and drops it)
            PostgresEndpoint.of(t, secrets).withDatabase("postgres"),
            store,
            layout,
            workDir(t),
            clock,
            metrics);
    try (AttemptLease lease =
        AttemptLease.hold(Activity.getExecutionContext(), archiver::progress)) {
      return archiver.run(lease, request.runFor(), () -> stopping);
    }
  }

  private Path workDir(TargetConfig t) {
    return config.restore().workDir().resolve("archive").resolve(t.name());
  }
}
