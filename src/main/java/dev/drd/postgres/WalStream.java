package dev.drd.postgres;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * A physical replication connection to a server: its identity, its slot, and its WAL as it is
 * written. The server keeps what the slot has not confirmed, so WAL is confirmed only once it is
 * safe elsewhere ({@link #confirm}).
 */
public final class WalStream implements AutoCloseable {
  /** What IDENTIFY_SYSTEM answers: the cluster's id, its timeline and its WAL position. */
  public record ServerIdentity(String systemId, int timeline, long walPosition) {}

  /** WAL bytes that start at {@code start} (a byte position in the WAL). */
  public record Chunk(long start, ByteBuffer bytes) {
    public long end() {
      return start + bytes.remaining();
    }
  }

  private final Connection connection;
  private final PostgresEndpoint endpoint;
  private PGReplicationStream stream;

  private WalStream(Connection connection, PostgresEndpoint endpoint) {
    this.connection = connection;
    this.endpoint = endpoint;
  }

  /** A replication connection (pg_hba.conf must allow the role {@code replication}). */
  public static WalStream open(PostgresEndpoint endpoint, String applicationName) {
    Properties properties = endpoint.jdbcProperties(applicationName);
    PGProperty.REPLICATION.set(properties, "true");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "9.4");
    PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
    try {
      return new WalStream(DriverManager.getConnection(endpoint.jdbcUrl(), properties), endpoint);
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  public ServerIdentity identify() {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
      rs.next();
      return new ServerIdentity(
          rs.getString("systemid"),
          rs.getInt("timeline"),
          LogSequenceNumber.valueOf(rs.getString("xlogpos")).asLong());
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  /** The history file of {@code timeline} (2 or later) as the server keeps it. */
  public byte[] timelineHistory(int timeline) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("TIMELINE_HISTORY " + timeline)) {
      rs.next();
      return rs.getBytes("content");
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  /** Creates the physical slot, keeping WAL from now on, unless it exists; true when created. */
  public boolean createSlotIfMissing(String slot) {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE_REPLICATION_SLOT " + slot + " PHYSICAL RESERVE_WAL");
      return true;
    } catch (SQLException e) {
      if ("42710".equals(e.getSQLState())) {
        return false;
      }
      throw Postgres.classify(e, endpoint);
    }
  }

  /** Starts streaming from {@code position} through the slot, on the server's timeline. */
  public void start(String slot, long position) {
    try {
      stream =
          connection
              .unwrap(PGConnection.class)
              .getReplicationAPI()
              .replicationStream()
              .physical()
              .withSlotName(slot)
              .withStartPosition(LogSequenceNumber.valueOf(position))
              .withStatusInterval(10, TimeUnit.SECONDS)
              .start();
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  /** The WAL received since the last call, or null when none has arrived. */
  public Chunk read() {
    try {
      ByteBuffer bytes = stream.readPending();
      if (bytes == null) {
        return null;
      }
      return new Chunk(stream.getLastReceiveLSN().asLong() - bytes.remaining(), bytes);
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  /** Tells the server that WAL up to {@code position} is safe: the slot lets it go. */
  public void confirm(long position) {
    LogSequenceNumber lsn = LogSequenceNumber.valueOf(position);
    stream.setFlushedLSN(lsn);
    stream.setAppliedLSN(lsn);
    try {
      stream.forceUpdateStatus();
    } catch (SQLException e) {
      throw Postgres.classify(e, endpoint);
    }
  }

  @Override
  public void close() {
    try {
      if (stream != null && !stream.isClosed()) {
        stream.close();
      }
    } catch (SQLException | RuntimeException e) {
      // the connection closes below whatever the stream says
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing left to release
    }
  }
}
