package dev.drd.postgres;

import dev.drd.failure.DrdException;
import dev.drd.failure.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * Puts WAL segment files into a standby's {@code pg_wal} over SQL alone, for a standby cut off from
 * its primary: its startup process, finding no stream, replays what {@code pg_wal} holds, and a
 * promotion first replays all of it. A hot standby takes no writes, so the file goes through {@code
 * COPY … TO PROGRAM} (superuser or {@code pg_execute_server_program}), base64 in chunks into a
 * temporary file, then renamed, so that the server never reads half a segment.
 */
public final class StandbyWalFeed {
  private static final int CHUNK = 3 << 20;

  private StandbyWalFeed() {}

  /**
   * @param name the segment's file name, 24 hex digits
   */
  public static void put(PostgresEndpoint standby, String name, Path file) {
    if (!name.matches("[0-9A-F]{24}")) {
      throw new IllegalArgumentException("not a WAL segment name: " + name);
    }
    String temporary = "pg_wal/" + name + ".drd";
    try (Connection c = Postgres.connect(standby, "drd failover archive feed");
        Statement st = c.createStatement();
        InputStream in = Files.newInputStream(file)) {
      program(st, "rm -f " + temporary);
      byte[] chunk;
      while ((chunk = in.readNBytes(CHUNK)).length > 0) {
        st.execute(
            "COPY (SELECT '%s') TO PROGRAM 'base64 -d >> %s'"
                .formatted(Base64.getEncoder().encodeToString(chunk), temporary));
      }
      program(st, "mv %s pg_wal/%s".formatted(temporary, name));
    } catch (SQLException e) {
      throw new DrdException(
          FailureType.DATABASE_ERROR,
          ("cannot write WAL segment %s into the pg_wal of %s: %s. It takes a superuser or a role"
                  + " with pg_execute_server_program")
              .formatted(name, standby.describe(), e.getMessage()),
          e);
    } catch (IOException e) {
      throw new DrdException(
          FailureType.DATABASE_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Where the standby's replay stands now. */
  public static String replayLsn(PostgresEndpoint standby) {
    try (Connection c = Postgres.connect(standby, "drd failover archive feed");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw Postgres.classify(e, standby);
    }
  }

  /** Which cluster a server belongs to, and on which timeline it stands. */
  public record Lineage(String systemId, int timeline) {}

  /** The server's system identifier and its timeline (a standby's: its last checkpoint's). */
  public static Lineage lineage(PostgresEndpoint server) {
    try (Connection c = Postgres.connect(server, "drd failover");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT system_identifier::text FROM pg_control_system()),"
                    + " (SELECT timeline_id FROM pg_control_checkpoint())")) {
      rs.next();
      return new Lineage(rs.getString(1), rs.getInt(2));
    } catch (SQLException e) {
      throw Postgres.classify(e, server);
    }
  }

  private static void program(Statement st, String command) throws SQLException {
    st.execute("COPY (SELECT 1 WHERE false) TO PROGRAM '%s'".formatted(command));
  }
}
