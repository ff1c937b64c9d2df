package dev.drd.archive;

import dev.drd.config.SqlAssertion;
import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import dev.drd.postgres.DatabaseInspector;
import dev.drd.postgres.Databases;
import dev.drd.postgres.PgDump;
import dev.drd.postgres.PgRestore;
import dev.drd.postgres.PgTools;
import dev.drd.postgres.PostgresEndpoint;
import dev.drd.postgres.TableRows;
import dev.drd.restore.VerificationReport;
import dev.drd.restore.Verifier;
import dev.drd.temporal.AttemptLease;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database copied out of a recovered server into a live one: exact row counts taken on the
 * source (nothing writes to it), {@code pg_dump} into the work directory, {@code pg_restore -j N}
 * into a database created for it, and the copy verified against those counts and the target's
 * assertions. A copy that fails before its verification is dropped; one that fails verification is
 * kept for inspection.
 */
final class DatabaseCopy {
  private static final Logger log = LoggerFactory.getLogger(DatabaseCopy.class);

  private final PgTools pg;
  private final Clock clock;
  private final int jobs;
  private final Consumer<String> doing;

  DatabaseCopy(PgTools pg, Clock clock, int jobs, Consumer<String> doing) {
    this.pg = pg;
    this.clock = clock;
    this.jobs = jobs;
    this.doing = doing;
  }

  /** Refuses a database that exists and holds anything: a point-in-time copy never overwrites. */
  static void requireFree(PostgresEndpoint server, String database) {
    Optional<Databases.State> state = Databases.describe(server, database);
    if (state.isPresent() && !state.get().empty()) {
      throw new DrdException(
          FailureType.TARGET_NOT_EMPTY,
          ("database %s on %s exists and is not empty (%d objects); a point-in-time restore goes"
                  + " into a new or empty database: name another with --into. Nothing was touched")
              .formatted(database, server.describe(), state.get().userObjects()));
    }
  }

  /**
   * @param live the receiving server's maintenance database
   * @param noOwner restore without ownership and privileges: another server may lack the roles
   * @param work where the dump is staged; the caller removes it
   */
  VerificationReport copy(
      PostgresEndpoint source,
      PostgresEndpoint live,
      String database,
      List<SqlAssertion> assertions,
      String comment,
      boolean noOwner,
      Path work,
      AttemptLease lease)
      throws IOException {
    doing.accept("counting the rows of %s on the recovered server".formatted(source.database()));
    List<TableRows> tables =
        Verifier.count(source, DatabaseInspector.inspect(source).tables(), jobs, n -> {});
    Path dump = work.resolve("database.dump");
    doing.accept("pg_dump of %s from the recovered server".formatted(source.database()));
    try (PgDump dumping = PgDump.start(pg, source, null, "drd point-in-time copy");
        OutputStream out = Files.newOutputStream(dump)) {
      lease.onLoss(dumping::close);
      dumping.output().transferTo(out);
      dumping.finish();
    }
    lease.rethrowIfLost();
    requireFree(live, database);
    boolean created = !Databases.exists(live, database);
    if (created) {
      Databases.create(live, database, comment);
    }
    try {
      restore(live.withDatabase(database), dump, noOwner, lease);
    } catch (RuntimeException e) {
      if (created) {
        Databases.drop(live, database);
        log.info("dropped {} on {}: its copy failed", database, live.describe());
      }
      throw e;
    }
    Databases.comment(live, database, comment);
    doing.accept("verifying %s on %s".formatted(database, live.describe()));
    VerificationReport report =
        new Verifier(clock).verify(live.withDatabase(database), tables, assertions, jobs, n -> {});
    if (!report.passed()) {
      throw new DrdException(
          FailureType.VERIFICATION_FAILED,
          ("the copy in %s on %s does not hold what the recovered server held: %s. The database"
                  + " is kept for inspection; drop it when done")
              .formatted(database, live.describe(), report.problems()));
    }
    return report;
  }

  private void restore(PostgresEndpoint into, Path dump, boolean noOwner, AttemptLease lease) {
    int items = PgRestore.countItems(pg, dump);
    try (PgRestore restoring =
        PgRestore.start(
            pg,
            into,
            dump,
            new PgRestore.Options(jobs, false, noOwner),
            "drd point-in-time copy")) {
      lease.onLoss(restoring::close);
      while (!restoring.awaitExit(Duration.ofSeconds(1))) {
        lease.rethrowIfLost();
        doing.accept(
            "pg_restore -j %d into %s: %d of %d items"
                .formatted(jobs, into.database(), Math.min(restoring.itemsDone(), items), items));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrdException(FailureType.INTERRUPTED, "the copy was interrupted", e);
    }
  }
}
