package dev.drd.recovery;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.config.TargetConfig;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Databases;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.Sessions;
import dev.drd.temporal.ThrottledHeartbeat;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The database side of a corruption recovery, on the target's server. */
public final class RecoveryActivitiesImpl implements RecoveryActivities {
  private static final Logger log = LoggerFactory.getLogger(RecoveryActivitiesImpl.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final int MAX_NAME = 63;

  private final DrdConfig config;
  private final Secrets secrets;
  private final Clock clock;

  public RecoveryActivitiesImpl(DrdConfig config, Secrets secrets, Clock clock) {
    this.config = config;
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public DrainResult drainSessions(String target, Duration timeout) {
    TargetConfig t = config.requireTarget(target);
    PostgresEndpoint server = server(t);
    Optional<String> database = Optional.of(t.database());
    Instant started = clock.instant();
    ThrottledHeartbeat heartbeat = new ThrottledHeartbeat(Activity.getExecutionContext());
    List<Sessions.ClientSession> left = Sessions.list(server, database);
    while (!left.isEmpty() && Duration.between(started, clock.instant()).compareTo(timeout) < 0) {
      List<Sessions.ClientSession> now = left;
      heartbeat.maybeSend(
          () -> "%d client session(s) of %s left".formatted(now.size(), t.database()));
      sleep();
      left = Sessions.list(server, database);
    }
    List<String> ended = left.stream().map(Sessions.ClientSession::describe).toList();
    if (!ended.isEmpty()) {
      Sessions.terminate(server, database);
      log.warn(
          "ended {} session(s) of {} after {}: {}", ended.size(), t.database(), timeout, ended);
    }
    return new DrainResult(Duration.between(started, clock.instant()), ended);
  }

  @Override
  public String keepCorrupt(String target, String stamp) {
    TargetConfig t = config.requireTarget(target);
    PostgresEndpoint server = server(t);
    String kept = t.database() + "_corrupt_" + stamp;
    if (kept.length() > MAX_NAME) {
      throw new DrdException(
          FailureType.DATABASE_ERROR,
          "cannot keep %s as %s: PostgreSQL names have at most %d characters; rename it by hand"
              .formatted(t.database(), kept, MAX_NAME));
    }
    // the catalog only: connecting to a corrupt database may itself fail
    boolean original = Databases.exists(server, t.database());
    boolean done = Databases.exists(server, kept);
    if (!original && done) {
      return kept;
    }
    if (!original) {
      throw new DrdException(
          FailureType.DATABASE_NOT_FOUND,
          ("database %s does not exist on %s:%d, and no %s was kept: nothing to keep. Check the"
                  + " target, or skip this step")
              .formatted(t.database(), t.host(), t.port(), kept));
    }
    Databases.rename(server, t.database(), kept);
    log.info("kept the corrupt database {} as {}", t.database(), kept);
    return kept;
  }

  private PostgresEndpoint server(TargetConfig t) {
    return PostgresEndpoint.of(t, secrets).withDatabase(Databases.MAINTENANCE_DATABASE);
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "interrupted while waiting for sessions", e);
    }
  }
}
