package dev.drd.restore;

import dev.drd.config.DrdConfig;
import dev.drd.config.Secrets;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.Databases;
import dev.drd.postgres.PostgresEndpoint;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a restore writes into: refused when it holds data that is not ours, created and
 * marked as in progress, dropped when the restore that created it fails. The mark (the database's
 * comment) names the restore's workflow, so a retry knows what an earlier attempt left.
 */
record RestoreDestination(DrdConfig config, Secrets secrets) {
  private static final Logger log = LoggerFactory.getLogger(RestoreDestination.class);
  private static final String IN_PROGRESS = "drd restore in progress: ";

  /** The target's server, connected to its maintenance database. */
  PostgresEndpoint server(String name) {
    return PostgresEndpoint.of(config.requireTarget(name), secrets)
        .withDatabase(Databases.MAINTENANCE_DATABASE);
  }

  /** Refuses a non-empty database unless replacing or left by this restore; touches nothing. */
  DestinationCheck check(DestinationRequest request, String workflowId) {
    PostgresEndpoint server = server(request.server());
    Optional<Databases.State> state = Databases.describe(server, request.database());
    if (state.isPresent()
        && !state.get().empty()
        && !request.replace()
        && !isOurs(state.get(), workflowId)) {
      throw new DrdException(
          FailureType.TARGET_NOT_EMPTY,
          ("database %s on %s exists and is not empty (%d objects); drd restores into a new or"
                  + " empty database. Name another with --into, or give --replace to restore over"
                  + " it (pg_restore --clean --if-exists)")
              .formatted(request.database(), server.describe(), state.get().userObjects()));
    }
    return new DestinationCheck(
        state.isPresent(), state.map(Databases.State::userObjects).orElse(0L));
  }

  /**
   * Creates the database unless it exists. One that drd created for an earlier attempt of this same
   * restore (its comment says so) is dropped and made again. An existing database is restored over
   * with --clean: when --replace was given, when it is empty, or when an earlier attempt already
   * restored into it. Returns whether drd created it.
   */
  boolean prepare(
      PostgresEndpoint server, RestoreStepRequest request, boolean earlierAttemptRestored) {
    String marker = IN_PROGRESS + request.workflowId();
    Optional<Databases.State> state = Databases.describe(server, request.database());
    if (state.isPresent() && isOurs(state.get(), request.workflowId())) {
      log.info(
          "dropping {}, left half-restored by an earlier attempt of {}",
          request.database(),
          request.workflowId());
      Databases.drop(server, request.database());
      state = Optional.empty();
    }
    if (state.isEmpty()) {
      Databases.create(server, request.database(), marker);
      return true;
    }
    if (!state.get().empty() && !request.replace() && !earlierAttemptRestored) {
      throw new DrdException(
          FailureType.TARGET_NOT_EMPTY,
          "database %s on %s is no longer empty; nothing was restored into it"
              .formatted(request.database(), server.describe()));
    }
    return false;
  }

  /** Drops the database if this restore created it; returns whether it did. */
  boolean dropIfOurs(DiscardRequest request) {
    PostgresEndpoint server = server(request.server());
    Optional<Databases.State> state = Databases.describe(server, request.database());
    if (state.isEmpty() || !isOurs(state.get(), request.workflowId())) {
      return false;
    }
    Databases.drop(server, request.database());
    log.warn(
        "dropped {} on {}: the restore {} that created it failed before it was complete",
        request.database(),
        server.describe(),
        request.workflowId());
    return true;
  }

  private static boolean isOurs(Databases.State state, String workflowId) {
    return (IN_PROGRESS + workflowId).equals(state.comment());
  }
}
