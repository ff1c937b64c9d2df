package dev.drd.archive;

import dev.drd.config.SqlAssertion;
import java.util.List;

/**
 * A point-in-time restore of a target's server, recovered on the daemon's host, and what becomes of
 * it: exactly one of {@code dataDir}, {@code into} and {@code drill}.
 *
 * @param at {@link RecoveryTarget#text()}, or {@code random} for a drill
 * @param dataDir the whole cluster goes there, shut down cleanly: absent or empty
 * @param into the target's database is copied out of a temporary cluster into this database of
 *     {@code server}'s live server: absent or empty
 * @param server the configured target whose server receives {@code into}
 * @param drill the temporary cluster is verified (row counts, the target's assertions) and removed
 * @param assertions run on the copy or the drill's cluster besides the target's own (null: none)
 */
public record PitrRequest(
    String target,
    String at,
    String dataDir,
    String into,
    String server,
    boolean drill,
    List<SqlAssertion> assertions) {
  public static final String RANDOM = "random";

  /** Where the recovered server goes. */
  public enum Destination {
    DATA_DIR,
    INTO,
    DRILL
  }

  public PitrRequest {
    assertions = assertions == null ? List.of() : List.copyOf(assertions);
  }

  public static PitrRequest dataDir(String target, String at, String dataDir) {
    return new PitrRequest(target, at, dataDir, null, null, false, null);
  }

  public static PitrRequest into(
      String target, String at, String database, String server, List<SqlAssertion> assertions) {
    return new PitrRequest(target, at, null, database, server, false, assertions);
  }

  public static PitrRequest drill(String target, String at) {
    return new PitrRequest(target, at, null, null, null, true, null);
  }

  public Destination destination() {
    return drill ? Destination.DRILL : into != null ? Destination.INTO : Destination.DATA_DIR;
  }
}
